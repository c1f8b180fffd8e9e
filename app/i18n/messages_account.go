package i18n

import "strings"

// The account's texts (accountMessages): setting a password from a
// one-time link, the forgot-password form, one's own page (changing the
// password, one's sessions) and the strength meter.
func init() {
	ruMore, enMore := map[string]string{}, map[string]string{}
	for _, line := range strings.Split(accountMessages, "\n") {
		key, rest, _ := strings.Cut(line, "|")
		ruText, enText, ok := strings.Cut(rest, "|")
		if !ok || ruText == "" || enText == "" {
			panic("i18n: account message " + key + " is not key|ru|en")
		}
		ruMore[key], enMore[key] = ruText, enText
	}
	add(ruMore, enMore)
}

// MissingChars words how many more characters a password needs: "ещё 1
// символ", "ещё 3 символа", "ещё 5 символов"; "1 more character".
func MissingChars(lang string, n int) string {
	form := pluralForm(lang, n)
	if lang == EN && form == "few" {
		form = "many"
	}
	return Tf(lang, "meter.short."+form, n)
}

// accountMessages holds the texts, one "key|Russian|English" a line. The
// codes first (error.link_invalid, the password field codes), then the
// set-password page, the password errors of the forms, the meter, the
// forgot-password form, the account page and its sessions.
const accountMessages = `error.link_invalid|Ссылка недействительна: она уже использована, устарела или заменена новой. Попросите администратора прислать новую или воспользуйтесь «Забыли пароль?».|This link does not work: it has been used, has expired or was replaced by a newer one. Ask your administrator for a new one or use “Forgot password?”.
field.common_password|Этот пароль слишком распространён — придумайте другой.|This password is too common — choose another one.
field.like_login|Пароль не должен совпадать с логином или именем.|The password must not be your login or name.
login.forgot|Забыли пароль?|Forgot password?
header.account|Мой профиль|My account
pwset.checking|Проверяем ссылку…|Checking the link…
pwset.title|Пароль для %s|Password for %s
pwset.first|Вы входите впервые: придумайте пароль.|This is your first sign-in: choose a password.
pwset.reset|Придумайте новый пароль.|Choose a new password.
pwset.until|Ссылка действует до %s.|The link works until %s.
pwset.new|Новый пароль|New password
pwset.repeat|Повторите пароль|Repeat the password
pwset.submit|Сохранить и войти|Save and sign in
pwset.busy|Сохраняем…|Saving…
pwset.done|Пароль сохранён. Входим…|Password saved. Signing in…
pwset.invalid_title|Ссылка недействительна|This link does not work
pwset.to_login|Перейти ко входу|Go to sign-in
pwset.error_title|Не удалось проверить ссылку|Could not check the link
pwset.retry|Повторить|Try again
pwset.rate_limited|Слишком много попыток с этого адреса. Повторите через %d с.|Too many attempts from this address. Try again in %d s.
pwset.hint|Не меньше 8 символов. Длинная фраза из нескольких слов надёжнее короткого сложного пароля.|At least 8 characters. A long phrase of several words is safer than a short complex password.
pw.err.too_short|Слишком короткий пароль: нужно не меньше %s символов.|Too short: use at least %s characters.
pw.err.too_long|Слишком длинный пароль: не больше %s символов.|Too long: use at most %s characters.
pw.err.mismatch|Пароли не совпадают: введите тот же пароль ещё раз.|The passwords differ: type the same password again.
pw.err.required|Введите текущий пароль.|Enter your current password.
pw.err.current|Текущий пароль неверен.|The current password is wrong.
pw.show|Показать пароль|Show password
pw.hide|Скрыть пароль|Hide password
meter.label|Надёжность пароля|Password strength
meter.score.0|Очень слабый|Very weak
meter.score.1|Слабый|Weak
meter.score.2|Средний|Fair
meter.score.3|Надёжный|Strong
meter.score.4|Очень надёжный|Very strong
meter.short.one|Ещё %d символ|%d more character
meter.short.few|Ещё %d символа|%d more characters
meter.short.many|Ещё %d символов|%d more characters
meter.waiting|Оцениваем…|Rating…
meter.failed|Не удалось оценить пароль — его всё равно проверят при сохранении.|Could not rate the password — it will still be checked when saved.
forgot.title|Восстановление пароля|Reset your password
forgot.subtitle|Укажите логин — мы отправим ссылку для нового пароля на e-mail вашей учётной записи.|Enter your login — we will send a link to set a new password to your account's e-mail address.
forgot.login|Логин|Login
forgot.submit|Отправить ссылку|Send the link
forgot.busy|Отправляем…|Sending…
forgot.sent|Если такой пользователь есть и у него указан e-mail, мы отправили ссылку. Она действует 30 минут.|If such a user exists and has an e-mail address, we have sent a link. It works for 30 minutes.
forgot.no_email|Письмо не пришло или e-mail не указан? Обратитесь к администратору: он может отправить ссылку сам.|No e-mail arrived, or none is on your account? Ask your administrator: they can send you a link.
forgot.back|Вернуться ко входу|Back to sign-in
forgot.rate_limited|Слишком много запросов с этого адреса. Повторите через %d с.|Too many requests from this address. Try again in %d s.
account.title|Мой профиль|My account
account.login|Логин: %s|Login: %s
account.password_title|Сменить пароль|Change password
account.password_lead|После смены пароля все остальные ваши сеансы завершатся, этот останется.|Changing the password ends all your other sessions; this one stays.
account.current|Текущий пароль|Current password
account.new|Новый пароль|New password
account.repeat|Повторите новый пароль|Repeat the new password
account.save|Сохранить|Save
account.saving|Сохраняем…|Saving…
account.changed|Пароль изменён. Остальные сеансы завершены (%d).|Password changed. Other sessions ended (%d).
account.changed_alone|Пароль изменён.|Password changed.
sessions.title|Мои сеансы|My sessions
sessions.lead|Где выполнен вход под вашей учётной записью. Незнакомый сеанс завершите и смените пароль.|Where your account is signed in. End a session you do not recognise and change your password.
sessions.current|этот сеанс|this session
sessions.addr|Адрес|Address
sessions.signed_in|Вход|Signed in
sessions.last_seen|Активность|Last active
sessions.end|Завершить|End
sessions.end_label|Завершить сеанс: %s|End the session: %s
sessions.end_others|Завершить все остальные|End all others
sessions.confirm_others|Завершить все остальные сеансы (%d)? На тех устройствах придётся войти снова.|End all other sessions (%d)? You will have to sign in again on those devices.
sessions.ended_one|Сеанс завершён.|Session ended.
sessions.ended|Завершено сеансов: %d.|Sessions ended: %d.
sessions.loading|Загружаем сеансы…|Loading sessions…
sessions.only_this|Других сеансов нет.|No other sessions.
sessions.unknown_browser|Неизвестный браузер|Unknown browser
sessions.retry|Повторить|Retry`
