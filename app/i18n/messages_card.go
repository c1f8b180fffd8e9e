package i18n

import (
	"strings"

	"webtool/server/api"
)

// The card's texts (cardMessages): field errors that say what is wrong and
// what to do, the error summary, kept drafts, the conflict view and the
// card's keys.
func init() {
	ruMore, enMore := map[string]string{}, map[string]string{}
	for _, line := range strings.Split(cardMessages, "\n") {
		key, rest, _ := strings.Cut(line, "|")
		ruText, enText, ok := strings.Cut(rest, "|")
		if !ok || ruText == "" || enText == "" {
			panic("i18n: card message " + key + " is not key|ru|en")
		}
		ruMore[key], enMore[key] = ruText, enText
	}
	add(ruMore, enMore)
}

// cardMessages holds the card's texts, one "key|Russian|English" a line:
// the two languages side by side for whoever translates, and some 2.5 KB
// less brotli wasm than map literals of the same texts. First the messages of
// the field codes added for issue 11, then sharper texts of older codes
// by what the field is (card.err.<code>[.<type>], see FieldMessage), then
// the error summary, kept drafts, the conflict view and the card's keys.
const cardMessages = `field.limit|Эта запись не подходит для поля: выберите из списка, он предлагает только подходящие.|This record does not fit the field: pick one from the list, which offers only those that do.
field.not_positive|Введите число больше нуля.|Enter a number greater than zero.
field.not_positive.by|Введите число больше %s.|Enter a number greater than %s.
field.no_primary|Отметьте одного из сотрудников как основного.|Mark one of the people as primary.
field.bound_twice|Этот сотрудник уже привязан на те же даты: удалите лишнюю строку или измените даты.|This person is already bound for the same dates: remove the extra row or change the dates.
field.bound_twice.by|Сотрудник %s уже привязан на те же даты: удалите лишнюю строку или измените даты.|%s is already bound for the same dates: remove the extra row or change the dates.
field.bad_ean|Штрихкод EAN — это 8 или 13 цифр с верной контрольной цифрой, например 4006381333931.|An EAN barcode is 8 or 13 digits with a valid check digit, e.g. 4006381333931.
field.bad_email|Введите адрес в виде name@example.com.|Enter an address like name@example.com.
field.bad_phone|Введите телефон цифрами, можно с «+» в начале, пробелами, скобками и дефисами, например +380 44 123-45-67.|Enter the phone in digits, optionally with a leading “+”, spaces, brackets and dashes, e.g. +380 44 123-45-67.
field.bad_days|Перечислите дни недели через запятую: Пн, Ср, Пт (или 1, 3, 5).|List the weekdays separated by commas: Mon, Wed, Fri (or 1, 3, 5).
field.unique.by|Такое значение уже есть у записи «%s»: введите другое.|“%s” already has this value: enter another one.
card.err.bad_value.number|Введите число, например 12,5.|Enter a number, e.g. 12.5.
card.err.bad_value.money|Введите сумму, например 1 234,50.|Enter an amount, e.g. 1,234.50.
card.err.bad_value.date|Введите дату в формате ДД.ММ.ГГГГ, например 23.11.2026.|Enter the date as YYYY-MM-DD, e.g. 2026-11-23.
card.err.bad_value.datetime|Введите дату и время, например 23.11.2026 14:30.|Enter a date and time, e.g. 2026-11-23 14:30.
card.err.bad_value.coords|Введите широту от −90 до 90 и долготу от −180 до 180, например 50,45 и 30,52.|Enter a latitude from −90 to 90 and a longitude from −180 to 180, e.g. 50.45 and 30.52.
card.err.bad_value.enum|Выберите значение из списка.|Choose a value from the list.
card.err.bad_value.ref|Выберите запись из списка.|Choose a record from the list.
card.err.bad_value.list|Исправьте отмеченные строки.|Fix the marked rows.
card.err.bad_value.text|Проверьте значение: в таком виде его нельзя сохранить.|Check the value: it cannot be saved as it is.
card.err.required.ref|Выберите запись: поле обязательное.|Choose a record: the field is required.
card.err.required.enum|Выберите значение: поле обязательное.|Choose a value: the field is required.
card.err.required.list|Добавьте хотя бы одну строку.|Add at least one row.
card.err.too_long|Слишком длинно: не больше %d символов.|Too long: at most %d characters.
card.err.one_primary|Основным может быть только один сотрудник на каждую дату, а периоды основных пересекаются: снимите отметку или измените даты.|Only one person may be primary on any day, and the primary periods overlap: untick one or change the dates.
card.err.latin_only|Пишите латинскими буквами, например Shevchenko.|Use Latin letters, e.g. Shevchenko.
card.err.end_before_start|Дата окончания раньше даты начала: исправьте одну из дат.|The end date is before the start date: correct one of them.
card.err.unique|Такое значение уже есть в справочнике: введите другое.|This value is already taken: enter another one.
card.err.limit.same|Выберите запись с тем же значением поля «%s», что и у этой записи (%s).|Choose a record with the same “%s” as this record (%s).
card.err.limit.is|Выберите запись, у которой «%s» — «%s».|Choose a record whose “%s” is “%s”.
card.errors.one|%d поле требует внимания|%d field needs attention
card.errors.few|%d поля требуют внимания|%d fields need attention
card.errors.many|%d полей требуют внимания|%d fields need attention
card.errors.hint|Исправьте и сохраните снова. Выберите поле, чтобы перейти к нему:|Fix them and save again. Choose a field to go to it:
card.errors.go|Перейти к полю «%s»|Go to the field “%s”
card.cancel_edit|Отменить изменения?|Discard the changes?
card.cancel_ok|Отменить изменения|Discard changes
card.keys|F2 или Enter — изменить, Ctrl+Enter — сохранить, Esc — отменить|F2 or Enter to edit, Ctrl+Enter to save, Esc to cancel
card.draft.found|Есть несохранённый черновик этой записи от %s.|There is an unsaved draft of this record from %s.
card.draft.restore|Восстановить черновик|Restore draft
card.draft.discard|Удалить черновик|Discard draft
card.draft.notice|Есть несохранённый черновик|Unsaved draft
card.draft.open|Открыть|Open
card.draft.delete|Удалить|Delete
card.draft.new|новая запись|new record
card.stale.merge|Другой пользователь только что изменил эту запись. При сохранении вы увидите его изменения рядом со своими и выберете, что оставить.|Another user has just changed this record. When you save, you will see their changes beside yours and choose what to keep.
card.conflict.by|Пользователь %s изменил запись в %s, пока вы её редактировали.|%s changed the record at %s while you were editing it.
card.conflict.restored|Пока черновик ждал, пользователь %s изменил запись (%s). Эти поля изменили и вы, и он:|While the draft waited, %s changed the record (%s). Both of you changed these fields:
card.conflict.loading|Загружаем текущую версию…|Loading the current version…
card.conflict.field|Поле|Field
card.conflict.theirs|Их значение|Their value
card.conflict.yours|Ваше значение|Your value
card.conflict.both|изменено и вами|you changed it too
card.conflict.none|Изменения другого пользователя не затрагивают поля, которые вы видите.|The other user's changes do not touch the fields you see.
card.conflict.keep|Оставить мои значения|Keep my values
card.conflict.take|Взять их версию|Take their version
help.k.card_open|В таблице: открыть карточку и перейти в неё|In the list: open the card and move into it
help.k.f2|В карточке: начать изменение|In a card: start editing
help.k.save|В карточке: сохранить|In a card: save
help.k.esc_card|В карточке: отменить изменения, затем закрыть|In a card: discard the changes, then close
help.k.tab|Поля карточки по порядку; в окне — только его элементы|The card's fields in order; in a dialog, only its own controls`

// Plural is the message key+".one|few|many" for n (see Count), with n
// formatted into it.
func Plural(lang, key string, n int) string {
	return Tf(lang, key+"."+pluralForm(lang, n), n)
}

// FieldMessage is what the card says next to field f (a list's column for
// a cell) for code: what is wrong and what to do. arg is the server's
// Error.Args for the field (the record that has the value, the bound).
// Texts by the field's type come first ("card.err.bad_value.number"),
// then by the code alone, then the code's plain message.
func FieldMessage(lang string, f *api.Field, code api.Code, arg string) string {
	if f != nil {
		if code == api.FieldTooLong && f.TextLimit() > 0 {
			return Tf(lang, "card.err.too_long", f.TextLimit())
		}
		if key := "card.err." + string(code) + "." + typeKey(f.Type); Has(key) {
			return T(lang, key)
		}
	}
	if key := "field." + string(code) + ".by"; arg != "" && Has(key) {
		return Tf(lang, key, arg)
	}
	if key := "card.err." + string(code); Has(key) {
		return T(lang, key)
	}
	return FieldError(lang, code)
}

// typeKey names a field type in message keys; a PIN or user field reads
// as text.
func typeKey(t api.FieldType) string {
	switch t {
	case api.FieldNumber, api.FieldMoney, api.FieldDate, api.FieldDateTime, api.FieldCoords,
		api.FieldEnum, api.FieldRef, api.FieldList:
		return string(t)
	}
	return "text"
}
