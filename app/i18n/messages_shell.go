package i18n

// Messages of the shell: the idle warning, the date field and its
// calendar, the form settings in the View menu, the home page.
func init() {
	add(map[string]string{
		"idle.title":  "Сеанс скоро завершится из-за бездействия",
		"idle.text":   "Если ничего не делать, сеанс завершится и потребуется войти снова. Осталось:",
		"idle.stay":   "Остаться в системе",
		"idle.logout": "Выйти",

		"date.calendar":   "Выбрать дату в календаре",
		"date.prev_month": "Предыдущий месяц",
		"date.next_month": "Следующий месяц",
		"date.today":      "Сегодня",
		"date.clear":      "Очистить",
		"date.keys":       "Стрелки — день и неделя, PageUp/PageDown — месяц, Enter — выбрать, Esc — закрыть",

		"settings.current":       "Настройки формы",
		"settings.current_hint":  "Как список открывается, если не выбрано представление",
		"settings.modified_hint": "Список на экране отличается от сохранённых настроек формы",
		"settings.revert":        "Отменить изменения",

		"home.lead":        "WebTool — рабочее место администратора справочников: торговые точки и их привязка к глобальным, продукция, персонал и оргструктура, склады и прайс-листы, дистрибьюторы, пользователи мобильного модуля и их PIN-коды. Изменения сохраняются на сервере и сразу видны коллегам.",
		"home.later":       "появится позже",
		"home.drafts":      "Несохранённые черновики",
		"home.drafts_hint": "Эти изменения не были сохранены. Откройте справочник: карточка предложит восстановить черновик.",
		"home.draft_new":   "новая запись",
		"home.guide":       "Выберите справочник в панели «Разделы». Документы, загрузчики и отчёты появятся в следующих версиях.",
		"tb.deleted":       "Удалённые",
	}, map[string]string{
		"idle.title":  "Your session will end soon because of inactivity",
		"idle.text":   "If nothing happens, the session ends and you will have to sign in again. Time left:",
		"idle.stay":   "Stay signed in",
		"idle.logout": "Sign out",

		"date.calendar":   "Choose a date in the calendar",
		"date.prev_month": "Previous month",
		"date.next_month": "Next month",
		"date.today":      "Today",
		"date.clear":      "Clear",
		"date.keys":       "Arrows: day and week, PageUp/PageDown: month, Enter: choose, Esc: close",

		"settings.current":       "Form settings",
		"settings.current_hint":  "How the list opens when no view is chosen",
		"settings.modified_hint": "The list on screen differs from the saved form settings",
		"settings.revert":        "Discard changes",

		"home.lead":        "WebTool is where the key users keep the reference data right: outlets and their mapping to global outlets, products, personnel and the org structure, warehouses and price lists, distributors, mobile-module users and their PINs. Changes are saved on the server and colleagues see them at once.",
		"home.later":       "coming later",
		"home.drafts":      "Unsaved drafts",
		"home.drafts_hint": "These changes were not saved. Open the catalog: the card offers to restore the draft.",
		"home.draft_new":   "new record",
		"home.guide":       "Choose a catalog in the Sections panel. Documents, loaders and reports come in later versions.",
		"tb.deleted":       "Deleted",
	})
}
