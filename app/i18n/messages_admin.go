package i18n

import "strings"

// The administration's texts (adminMessages): users, roles and rights,
// effective rights, sessions, set-password links, and the last-admin
// error (the password codes are in messages_account.go).
func init() {
	ruMore, enMore := map[string]string{}, map[string]string{}
	for _, line := range strings.Split(adminMessages, "\n") {
		key, rest, _ := strings.Cut(line, "|")
		ruText, enText, ok := strings.Cut(rest, "|")
		if !ok || ruText == "" || enText == "" {
			panic("i18n: admin message " + key + " is not key|ru|en")
		}
		ruMore[key], enMore[key] = ruText, enText
	}
	add(ruMore, enMore)
}

// adminMessages holds the texts one "key|Russian|English" a line (see
// cardMessages). Counted texts (Plural) have .one, .few and .many forms
// with %d; English uses .one and .many, its .few repeats .many.
const adminMessages = `error.last_admin|Нельзя: не останется ни одного администратора.|Not allowed: no administrator would remain.
admin.loading|Загрузка…|Loading…
admin.counting|Загрузка…|Loading…
admin.reload|Загрузить заново|Reload
admin.users.title|Пользователи|Users
admin.users.count.one|%d пользователь|%d user
admin.users.count.few|%d пользователя|%d users
admin.users.count.many|%d пользователей|%d users
admin.users.create|Создать|Create
admin.users.search|Поиск пользователей|Search users
admin.users.search_hint|Логин, имя, e-mail или телефон|Login, name, e-mail or phone
admin.users.status_filter|Статус|Status
admin.users.status_all|Все статусы|All statuses
admin.users.role_filter|Роль|Role
admin.users.role_all|Все роли|All roles
admin.users.empty|Пользователей пока нет.|No users yet.
admin.status.active|активен|active
admin.status.deactivated|деактивирован|deactivated
admin.status.active_many|Активные|Active
admin.status.deactivated_many|Деактивированные|Deactivated
admin.status.locked_until|заблокирован до %s|locked until %s
admin.scope.all|Все дистрибьюторы|All distributors
admin.scope.all_short|все дистрибьюторы|all distributors
admin.scope.points_short|по точкам синхронизации|by sync points
admin.scope.none|Не заданы|None
admin.scope.lifted|Роль %s видит всех дистрибьюторов: точки синхронизации её не сужают.|The role %s sees every distributor: sync points do not narrow it.
admin.user.kicker|Пользователь|User
admin.user.new|Новый пользователь|New user
admin.user.create|Создать пользователя|Create user
admin.user.create_note|Пароль задаёт сам пользователь по одноразовой ссылке.|The user sets the password through a one-time link.
admin.user.login|Логин|Login
admin.user.login_hint|Латиница, цифры, . _ - @. После создания не меняется.|Latin letters, digits, . _ - @. Fixed once created.
admin.user.name|Полное имя|Full name
admin.user.email|E-mail|E-mail
admin.user.email_hint|Сюда придёт ссылка для установки пароля.|The set-password link is sent here.
admin.user.phone|Телефон|Phone
admin.user.roles|Роли|Roles
admin.user.sync_points|Точки синхронизации|Sync points
admin.user.sync_hint|Дистрибьюторы, чьи строки видит пользователь. Найдите по названию или коду.|The distributors whose rows the user sees. Search by name or code.
admin.user.sync_remove|Убрать %s|Remove %s
admin.user.status|Статус|Status
admin.user.created|Создан|Created
admin.user.last_sign_in|Последний вход|Last sign-in
admin.user.never|ещё не входил|never
admin.user.locked_until|Вход заблокирован до|Sign-in locked until
admin.user.password|Пароль|Password
admin.user.password_set|задан|set
admin.user.password_pending|ожидает установки пароля|waiting for the user to set it
admin.user.no_password|Ожидает установки пароля|Waiting for a password
admin.user.no_password_note|Пользователь ещё не задал пароль по ссылке. Если ссылка потерялась или истекла, отправьте новую.|The user has not set a password through the link yet. If the link was lost or expired, send a new one.
admin.user.sessions|Сеансы|Sessions
admin.user.actions|Действия с пользователем|User actions
admin.user.conflict|Пользователя изменил кто-то другой, пока вы правили. Загрузите его заново и повторите правку.|Someone else changed this user while you were editing. Reload and make your change again.
admin.user.tab.profile|Данные|Profile
admin.user.tab.sessions|Сеансы|Sessions
admin.user.tab.rights|Права|Rights
admin.err.login.bad_value|Логин: только латинские буквы, цифры и . _ - @.|Login: Latin letters, digits and . _ - @ only.
admin.err.login.latin_only|Логин: только латинские буквы, цифры и . _ - @.|Login: Latin letters, digits and . _ - @ only.
admin.err.login.unique|Такой логин уже есть: выберите другой.|This login is taken: choose another.
admin.err.login.too_long|Слишком длинный логин: не больше 64 символов.|The login is too long: 64 characters at most.
admin.err.roles.required|Выберите хотя бы одну роль.|Choose at least one role.
admin.err.roles.not_found|Такой роли больше нет: снимите отметку.|This role no longer exists: untick it.
admin.err.syncPoints.not_found|Одного из дистрибьюторов больше нет: уберите его.|One of the distributors no longer exists: remove it.
admin.err.email.unique|Этот e-mail уже указан у другого пользователя.|Another user has this e-mail.
admin.err.role_key.bad_value|Ключ: 2–32 символа, строчные латинские буквы, цифры и _.|Key: 2–32 characters, lower-case Latin letters, digits and _.
admin.err.role_key.unique|Роль с таким ключом уже есть.|A role with this key exists.
admin.err.role_key.fixed|Ключ роли после создания не меняется.|A role's key is fixed once created.
admin.action.deactivate|Деактивировать|Deactivate
admin.action.reactivate|Активировать снова|Reactivate
admin.action.unlock|Разблокировать вход|Unlock sign-in
admin.action.sign_out|Завершить все сеансы|Sign out everywhere
admin.action.sign_out_ok|Завершить|Sign out
admin.action.reset|Отправить ссылку для пароля|Send password link
admin.action.reset_ok|Отправить|Send
admin.confirm.deactivate|Деактивировать пользователя %s? Все его сеансы завершатся сразу, войти он не сможет, пока его не активируют снова.|Deactivate %s? All their sessions end at once, and they cannot sign in until reactivated.
admin.confirm.sign_out|Завершить все сеансы пользователя %s? Ему придётся войти снова.|End every session of %s? They will have to sign in again.
admin.confirm.reset|Отправить пользователю %s одноразовую ссылку для установки пароля? Прежняя ссылка перестанет действовать; текущий пароль действует, пока не задан новый.|Send %s a one-time link to set a password? An earlier link stops working; the current password works until a new one is set.
admin.confirm.self|Это вы: ваш сеанс тоже завершится.|This is you: your session ends too.
admin.done.deactivate|Пользователь деактивирован.|The user is deactivated.
admin.done.reactivate|Пользователь снова активен.|The user is active again.
admin.done.unlock|Вход разблокирован.|Sign-in unlocked.
admin.done.sign_out|Сеансы пользователя завершены.|The user's sessions ended.
admin.sessions.ended.one|Завершён %d сеанс.|%d session ended.
admin.sessions.ended.few|Завершено %d сеанса.|%d sessions ended.
admin.sessions.ended.many|Завершено %d сеансов.|%d sessions ended.
admin.sessions.lead|Браузеры, в которых пользователь сейчас вошёл.|The browsers the user is signed in on now.
admin.sessions.none|Активных сеансов нет.|No active sessions.
admin.sessions.browser_addr|Браузер и адрес|Browser and address
admin.sessions.times|Вход и активность|Signed in, last active
admin.sessions.signed_in|вход|signed in
admin.sessions.last_seen|активность|last active
admin.sessions.current|этот сеанс|this session
admin.sessions.unknown_browser|Неизвестный браузер|Unknown browser
admin.sessions.end|Завершить|End
admin.sessions.end_one|Завершить сеанс: %s, %s|End the session: %s, %s
admin.sessions.end_all|Завершить все|End all
admin.link.title|Ссылка для установки пароля|Set-password link
admin.link.no_mail|Почтовый сервер не настроен, письмо не отправлено.|No mail server is configured, so no e-mail was sent.
admin.link.no_email|У пользователя нет e-mail, письмо не отправлено.|The user has no e-mail, so no e-mail was sent.
admin.link.hand_over|Передайте ссылку пользователю сами.|Hand the link to the user yourself.
admin.link.url|Ссылка|Link
admin.link.copy|Копировать|Copy
admin.link.copied|Ссылка скопирована.|Link copied.
admin.link.copy_failed|Не удалось скопировать: выделите ссылку и скопируйте вручную.|Could not copy: select the link and copy it by hand.
admin.link.once|Ссылка показывается один раз и действует %d минут — до %s.|The link is shown once and works for %d minutes, until %s.
admin.link.done|Готово|Done
admin.link.mailed|Ссылка отправлена на %s.|The link was sent to %s.
admin.link.mail_failed|Письмо не отправлено: %s. Ссылка не действует — отправьте новую.|The e-mail was not sent: %s. The link does not work; send a new one.
admin.rights.lead|Что пользователь видит и может делать сейчас, и какая роль это даёт.|What the user may see and do now, and which role gives it.
admin.rights.scope_title|Видимость строк|Rows seen
admin.rights.scope_from|— роль %s.|— from the role %s.
admin.rights.scope_none|Точки синхронизации не заданы: строки дистрибьюторов пользователь не видит.|No sync points: the user sees no distributor's rows.
admin.rights.scope_points|Только строки этих дистрибьюторов:|Only the rows of these distributors:
admin.rights.catalogs|Справочники|Catalogs
admin.rights.special|Особые права|Special rights
admin.rights.level|Уровень|Level
admin.rights.from|Из ролей|From roles
admin.rights.right|Право|Right
admin.rights.held|Есть|Held
admin.rights.yes|есть|held
admin.rights.no|нет|not held
admin.rights.group.data|Данные|Data
admin.rights.group.settings|Настройки справочников|Catalog settings
admin.rights.group.loaders|Загрузчики|Loaders
admin.rights.group.reports|Отчёты|Reports
admin.rights.group.admin|Администрирование|Administration
admin.level.none|Нет|None
admin.level.read|Чтение|Read
admin.level.edit|Правка|Edit
admin.level.create|Создание|Create
admin.level.delete|Удаление|Delete
admin.tier.high|высокая важность|high importance
admin.tier.medium|средняя важность|medium importance
admin.roles.title|Роли и права|Roles and rights
admin.roles.count.one|%d роль|%d role
admin.roles.count.few|%d роли|%d roles
admin.roles.count.many|%d ролей|%d roles
admin.roles.create|Создать роль|Create role
admin.roles.lead|Роль — это набор прав: уровень доступа к каждому справочнику и особые права. Встроенные роли можно только копировать.|A role is a set of rights: a level in each catalog and special rights. Built-in roles can only be copied.
admin.role.kicker|Роль|Role
admin.role.new|Новая роль|New role
admin.role.create|Создать роль|Create role
admin.role.label|Название|Name
admin.role.label_ru|Название по-русски|Name in Russian
admin.role.label_en|Название по-английски|Name in English
admin.role.key|Ключ|Key
admin.role.key_hint|Строчные латинские буквы, цифры и _, от 2 до 32. После создания не меняется.|Lower-case Latin letters, digits and _, 2 to 32. Fixed once created.
admin.role.scope|Видимость строк|Rows seen
admin.role.users|Пользователей|Users
admin.role.held_by.one|Назначена %d пользователю|Held by %d user
admin.role.held_by.few|Назначена %d пользователям|Held by %d users
admin.role.held_by.many|Назначена %d пользователям|Held by %d users
admin.role.builtin_tag|встроенная|built-in
admin.role.builtin_note|Встроенная роль: только копирование. Скопируйте её, чтобы изменить права.|Built-in role: copy only. Copy it to change its rights.
admin.role.all_sync|Видит всех дистрибьюторов|Sees every distributor
admin.role.all_sync_hint|Точки синхронизации пользователей с этой ролью не сужают видимость строк.|Sync points of the users holding this role do not narrow the rows they see.
admin.role.default|Уровень по умолчанию|Default level
admin.role.default_hint|Для справочников, у которых не задан свой уровень.|For catalogs without a level of their own.
admin.role.matrix|Права на справочники|Catalog rights
admin.role.matrix_hint|Каждый уровень включает предыдущие. Стрелки выбирают уровень, Tab переходит к следующему справочнику.|Each level includes the ones before it. Arrow keys pick a level, Tab moves to the next catalog.
admin.role.catalog|Справочник|Catalog
admin.role.at_default|по умолчанию|default
admin.role.reset_level|Вернуть уровень по умолчанию: %s|Back to the default level: %s
admin.role.above_max|Этот справочник меняют только загрузчики: выше чтения уровня нет.|Only loaders change this catalog: no level above read.
admin.role.rights|Особые права|Special rights
admin.role.copy|Копировать|Copy
admin.role.confirm_delete|Удалить роль «%s»?|Delete the role “%s”?
admin.role.deleted|Роль «%s» удалена.|The role “%s” was deleted.
admin.role.in_use.one|Роль назначена %d пользователю: снимите её, затем удалите.|%d user holds the role: take it from them, then delete it.
admin.role.in_use.few|Роль назначена %d пользователям: снимите её с них, затем удалите.|%d users hold the role: take it from them, then delete it.
admin.role.in_use.many|Роль назначена %d пользователям: снимите её с них, затем удалите.|%d users hold the role: take it from them, then delete it.
admin.role.conflict|Роль изменил кто-то другой, пока вы правили. Загрузите её заново и повторите правку.|Someone else changed this role while you were editing. Reload it and make your change again.
admin.role.not_found|Такой роли нет: возможно, её удалили.|There is no such role: it may have been deleted.`
