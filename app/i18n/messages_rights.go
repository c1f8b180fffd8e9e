package i18n

// Messages of a change of rights pushed by the server, and the
// administration group of the navigation.
func init() {
	add(map[string]string{
		"rights.closed":   "Ваши права изменились: раздел «%s» больше недоступен и закрыт.",
		"nav.group.admin": "Администрирование",
		"nav.admin.users": "Пользователи",
		"nav.admin.roles": "Роли и права",
	}, map[string]string{
		"rights.closed":   "Your rights have changed: “%s” is no longer available and was closed.",
		"nav.group.admin": "Administration",
		"nav.admin.users": "Users",
		"nav.admin.roles": "Roles and rights",
	})
}
