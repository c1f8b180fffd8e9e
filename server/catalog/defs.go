package catalog

import (
	"fmt"
	"time"

	"webtool/server/api"
	"webtool/server/store"
)

// Navigation groups, in panel order.
var Groups = []string{"outlets", "products", "personnel", "logistics", "mobile", "documents", "tools"}

func t(ru, en string) api.LocalText { return api.LocalText{RU: ru, EN: en} }

func text(key, ru, en string, width int) api.Field {
	return api.Field{Key: key, Label: t(ru, en), Type: api.FieldText, Width: width, MaxLen: 200}
}

func field(key string, typ api.FieldType, ru, en string, width int) api.Field {
	return api.Field{Key: key, Label: t(ru, en), Type: typ, Width: width}
}

func ref(key, catalog, ru, en string, width int) api.Field {
	return api.Field{Key: key, Label: t(ru, en), Type: api.FieldRef, Ref: catalog, Width: width}
}

func enum(key, ru, en string, width int, opts ...api.Option) api.Field {
	return api.Field{Key: key, Label: t(ru, en), Type: api.FieldEnum, Options: opts, Width: width}
}

func opt(key, ru, en string) api.Option { return api.Option{Key: key, Label: t(ru, en)} }

// viewColumns lays out a view's fields at their default widths.
func viewColumns(fields ...string) []api.ColumnLayout {
	out := make([]api.ColumnLayout, len(fields))
	for i, f := range fields {
		out[i] = api.ColumnLayout{Field: f}
	}
	return out
}

func required(f api.Field) api.Field          { f.Required = true; return f }
func readOnly(f api.Field) api.Field          { f.ReadOnly = true; return f }
func onTab(tab string, f api.Field) api.Field { f.Tab = tab; return f }

// fromToday makes a date field (or a list's date column) start as the day
// the record or row is made.
func fromToday(f api.Field) api.Field { f.Default = api.DefaultToday; return f }

var statusField = enum("status", "Статус", "Status", 110,
	opt("active", "Активна", "Active"), opt("inactive", "Неактивна", "Inactive"))

// Regions are the demo country's regions; outlets and distributors use them.
var Regions = []api.Option{
	opt("kyiv", "Киевская", "Kyiv"), opt("kharkiv", "Харьковская", "Kharkiv"), opt("odesa", "Одесская", "Odesa"),
	opt("dnipro", "Днепропетровская", "Dnipro"), opt("lviv", "Львовская", "Lviv"), opt("zaporizhzhia", "Запорожская", "Zaporizhzhia"),
	opt("vinnytsia", "Винницкая", "Vinnytsia"), opt("poltava", "Полтавская", "Poltava"), opt("chernihiv", "Черниговская", "Chernihiv"),
	opt("cherkasy", "Черкасская", "Cherkasy"), opt("sumy", "Сумская", "Sumy"), opt("zhytomyr", "Житомирская", "Zhytomyr"),
	opt("khmelnytskyi", "Хмельницкая", "Khmelnytskyi"), opt("rivne", "Ровенская", "Rivne"), opt("volyn", "Волынская", "Volyn"),
	opt("ternopil", "Тернопольская", "Ternopil"), opt("ivano_frankivsk", "Ивано-Франковская", "Ivano-Frankivsk"),
	opt("zakarpattia", "Закарпатская", "Zakarpattia"), opt("chernivtsi", "Черновицкая", "Chernivtsi"),
	opt("kirovohrad", "Кировоградская", "Kirovohrad"), opt("mykolaiv", "Николаевская", "Mykolaiv"),
	opt("kherson", "Херсонская", "Kherson"), opt("donetsk", "Донецкая", "Donetsk"), opt("luhansk", "Луганская", "Luhansk"),
	opt("moscow", "Московская", "Moscow"),
}

// Subtypes of outlets; "rdc" marks distribution centres.
var Subtypes = []api.Option{
	opt("retail", "Розница", "Retail"), opt("horeca", "HoReCa", "HoReCa"), opt("wholesale", "Опт", "Wholesale"),
	opt("rdc", "RDC (распределительный центр)", "RDC (distribution centre)"), opt("kiosk", "Киоск", "Kiosk"),
	opt("supermarket", "Супермаркет", "Supermarket"),
}

// Definitions returns every catalog of the manual, in navigation order.
func Definitions() []*Def {
	return []*Def{
		outlets(), localOutlets(), rdc(), routes(),
		products(), localProducts(),
		personnel(), orgStructure(),
		warehouses(), warehouseBindings(), priceLists(), distributors(),
		mmUsers(),
	}
}

// mmUsers: the positions that use the mobile module, each with the PIN
// that binds a sales rep's phone (see server/pin and server/mobile).
func mmUsers() *Def {
	pin := field("pin", api.FieldPin, "PIN-код", "PIN code", 110)
	pin.Clears = []string{"mm_number"} // a new PIN binds the next phone
	return &Def{
		Key: "mm_users", Label: t("Пользователи ММ", "Mobile-module users"), Group: "mobile",
		TitleField: "login", CodeField: "login", ScopeField: "distributor", Owner: []string{"distributor"},
		Fields: []api.Field{
			limitTo(required(ref("org_object", "org_structure", "Объект оргструктуры (должность)", "Org-structure object (position)", 240)), positionsOnly),
			// The position's employee: MM users are found by the sales rep's name.
			lookupOf(ref("employee", "personnel", "Сотрудник", "Employee", 220), "org_object", "employee"),
			required(text("login", "Логин ММ", "MM login", 140)),
			pin,
			{Key: "mm_number", Label: t("Номер ММ", "MM number"), Type: api.FieldText, Width: 160, MaxLen: api.MaxDeviceLen,
				Hint: t("Идентификатор устройства; заполняется при первом входе с PIN-кодом", "Device id; filled at the first sign-in with the PIN")},
			enum("status", "Статус", "Status", 120, opt("active", "Активен", "Active"), opt("blocked", "Заблокирован", "Blocked")),
			readOnly(field("last_sync", api.FieldDateTime, "Последняя синхронизация", "Last synchronisation", 160)),
			readOnly(field("pin_issued_at", api.FieldDateTime, "PIN выдан", "PIN issued at", 150)),
			readOnly(text("pin_issued_by", "PIN выдал", "PIN issued by", 130)),
			readOnly(ref("distributor", "distributors", "Дистрибьютор", "Distributor", 200)),
		},
		Columns: []string{"login", "org_object", "employee", "distributor", "mm_number", "status", "last_sync", "pin_issued_at"},
		Sort:    []api.SortKey{{Field: "login"}},
		// org_object is also checked by mmPositionRule, which names the
		// user who has the position when the saving user sees it; listing
		// it here guards a restore and a holder out of the user's sight.
		Unique:   [][]string{{"login"}, {"org_object"}},
		Defaults: func(time.Time) map[string]any { return map[string]any{"status": "active"} },
		Rules:    []Rule{mmPositionRule, mmPinRule},
	}
}

func distributors() *Def {
	return &Def{
		Key: "distributors", Label: t("Дистрибьюторы (точки синхронизации)", "Distributors (sync points)"), Group: "logistics",
		TitleField: "name", CodeField: "code", ScopeSelf: true, Owner: []string{"city"},
		Fields: []api.Field{
			required(text("code", "Код", "Code", 110)), required(text("name", "Название", "Name", 240)),
			text("city", "Город", "City", 140), enum("region", "Область", "Region", 150, Regions...), statusField,
		},
		Columns: []string{"code", "name", "city", "region", "status"},
		Sort:    []api.SortKey{{Field: "name"}},
		Unique:  [][]string{{"code"}},
	}
}

func outlets() *Def {
	return &Def{
		Key: "outlets", Label: t("Торговые точки", "Outlets"), Group: "outlets",
		TitleField: "name", CodeField: "code", LoaderOnly: true, Owner: []string{"city"}, ChoiceDetail: []string{"address"},
		Fields: []api.Field{
			required(text("code", "Код ГО", "Global code", 110)),
			required(text("name", "Название", "Name", 240)),
			text("legal_name", "Юридическое название", "Legal name", 220),
			text("address", "Адрес", "Address", 260),
			text("city", "Город", "City", 140),
			enum("region", "Область", "Region", 150, Regions...),
			enum("subtype", "Подтип", "Subtype", 150, Subtypes...),
			enum("channel", "Канал", "Channel", 140, opt("traditional", "Традиционная торговля", "Traditional trade"),
				opt("modern", "Современная торговля", "Modern trade"), opt("horeca", "HoReCa", "HoReCa"), opt("wholesale", "Опт", "Wholesale")),
			field("coords", api.FieldCoords, "Координаты", "Coordinates", 160),
			enum("status", "Статус", "Status", 110, opt("active", "Активна", "Active"), opt("inactive", "Неактивна", "Inactive"), opt("closed", "Закрыта", "Closed")),
			readOnly(field("modified_at", api.FieldDateTime, "Изменена", "Modified at", 150)),
			readOnly(field("load_seq", api.FieldNumber, "№ загрузки", "Load sequence", 110)),
		},
		Columns: []string{"code", "name", "city", "region", "subtype", "channel", "status", "modified_at"},
		Sort:    []api.SortKey{{Field: "name"}},
		Unique:  [][]string{{"code"}},
		Views: []View{
			{Key: "rdc", Label: t("ТТ с подтипом RDC", "RDC outlets"),
				Layout: api.Layout{Filter: api.Filter{All: []api.Condition{{Field: "subtype", Op: api.OpIn, Values: []any{"rdc"}}}},
					Sort: []api.SortKey{{Field: "name"}}, Columns: viewColumns("code", "name", "city", "region", "status")}},
			{Key: "recent", Label: t("Недавно изменённые", "Recently changed"),
				Layout: api.Layout{Sort: []api.SortKey{{Field: "modified_at", Desc: true}, {Field: "load_seq", Desc: true}},
					Columns: viewColumns("code", "name", "city", "subtype", "modified_at", "load_seq")}},
		},
	}
}

func localOutlets() *Def {
	return &Def{
		Key: "local_outlets", Label: t("Локальные торговые точки", "Local outlets"), Group: "outlets",
		TitleField: "name", CodeField: "local_code", ScopeField: "distributor", Owner: []string{"distributor"}, ChoiceDetail: []string{"address"},
		Fields: []api.Field{
			required(text("local_code", "Код дистрибьютора", "Distributor's code", 130)),
			required(text("name", "Название", "Name", 240)),
			text("address", "Адрес", "Address", 260),
			required(ref("distributor", "distributors", "Дистрибьютор", "Distributor", 200)),
			ref("outlet", "outlets", "Торговая точка ГО", "Global outlet", 240),
			statusField,
		},
		Columns: []string{"local_code", "name", "address", "distributor", "outlet", "status"},
		Sort:    []api.SortKey{{Field: "name"}},
		Unique:  [][]string{{"distributor", "local_code"}},
		Views: []View{
			{Key: "unmapped", Label: t("Без привязки", "Not mapped"),
				Layout: api.Layout{Filter: api.Filter{All: []api.Condition{{Field: "outlet", Op: api.OpEmpty}}},
					Sort: []api.SortKey{{Field: "name"}}, Columns: viewColumns("local_code", "name", "address", "distributor", "outlet")}},
		},
	}
}

func products() *Def {
	return &Def{
		Key: "products", Label: t("Продукция", "Products"), Group: "products",
		TitleField: "name", CodeField: "code", LoaderOnly: true,
		Fields: []api.Field{
			required(text("code", "Код ГО", "Global code", 110)), required(text("name", "Название", "Name", 280)),
			enum("brand", "Бренд", "Brand", 130, opt("jacobs", "Jacobs", "Jacobs"), opt("carte_noire", "Carte Noire", "Carte Noire"),
				opt("tassimo", "Tassimo", "Tassimo"), opt("milka", "Milka", "Milka"), opt("alpen_gold", "Alpen Gold", "Alpen Gold")),
			enum("category", "Категория", "Category", 150, opt("instant", "Растворимый кофе", "Instant coffee"),
				opt("ground", "Молотый кофе", "Ground coffee"), opt("beans", "Кофе в зёрнах", "Coffee beans"),
				opt("capsules", "Капсулы", "Capsules"), opt("sticks", "Кофейные напитки 3в1", "3-in-1 sticks"), opt("chocolate", "Шоколад", "Chocolate")),
			text("pack", "Упаковка", "Pack", 120),
			enum("unit", "Ед. изм.", "Unit", 90, opt("pcs", "шт", "pcs"), opt("box", "кор", "box"), opt("kg", "кг", "kg")),
			text("ean", "EAN", "EAN", 140),
			statusField,
		},
		Columns: []string{"code", "name", "brand", "category", "pack", "unit", "ean", "status"},
		Sort:    []api.SortKey{{Field: "name"}},
		Unique:  [][]string{{"code"}},
		Rules:   []Rule{eanRule},
	}
}

func localProducts() *Def {
	factor := field("unit_factor", api.FieldNumber, "Коэффициент ед.", "Unit factor", 120)
	factor.Hint = t("Сколько единиц ГО в одной единице дистрибьютора", "Global units in one distributor unit")
	return &Def{
		Key: "local_products", Label: t("Локальная продукция", "Local products"), Group: "products",
		TitleField: "name", CodeField: "local_code", ScopeField: "distributor", Owner: []string{"distributor"},
		Notice: t("Изменения, внесённые вручную, будут перезаписаны при следующем автоматическом обмене с учётной системой дистрибьютора.",
			"Manual changes are overwritten by the next automatic exchange with the distributor's accounting system."),
		Fields: []api.Field{
			required(text("local_code", "Локальный код", "Local code", 130)), required(text("name", "Название", "Name", 260)),
			required(ref("distributor", "distributors", "Дистрибьютор", "Distributor", 200)),
			ref("product", "products", "Продукт ГО", "Global product", 260), factor,
		},
		Columns: []string{"local_code", "name", "distributor", "product", "unit_factor"},
		Sort:    []api.SortKey{{Field: "name"}},
		Unique:  [][]string{{"distributor", "local_code"}},
		Rules:   []Rule{positiveRule("unit_factor")},
	}
}

func personnel() *Def {
	return &Def{
		Key: "personnel", Label: t("Персонал", "Personnel"), Group: "personnel",
		TitleField: "full_name", CodeField: "external_code", ScopeField: "distributor", Owner: []string{"distributor"}, ChoiceDetail: []string{"phone"},
		Fields: []api.Field{
			required(text("last_name", "Фамилия (латиницей)", "Last name (Latin)", 150)),
			required(text("first_name", "Имя (латиницей)", "First name (Latin)", 130)),
			text("middle_name", "Отчество", "Middle name", 130),
			readOnly(text("full_name", "ФИО", "Full name", 230)),
			required(enum("employer_type", "Тип работодателя", "Employer type", 160,
				opt("distributor", "Дистрибьютор", "Distributor"), opt("manufacturer", "Производитель", "Manufacturer"),
				opt("agency", "Кадровое агентство", "Staffing agency"))),
			readOnly(text("external_code", "Внешний код", "External code", 120)),
			text("phone", "Телефон", "Phone", 140), text("email", "E-mail", "E-mail", 180),
			required(ref("distributor", "distributors", "Дистрибьютор", "Distributor", 200)),
			statusField,
		},
		Columns:  []string{"external_code", "full_name", "employer_type", "phone", "distributor", "status"},
		Sort:     []api.SortKey{{Field: "full_name"}},
		Unique:   [][]string{{"external_code"}},
		Rules:    []Rule{latinNames, fullName, contactRule},
		Defaults: func(time.Time) map[string]any { return map[string]any{"status": "active"} },
		Generate: func(tx *store.Tx, r *Record) error {
			seq, err := tx.NextSeq(store.Meta)
			if err != nil {
				return err
			}
			r.Values["external_code"] = fmt.Sprintf("EMP-%06d", seq)
			return nil
		},
	}
}

func orgStructure() *Def {
	return &Def{
		Key: "org_structure", Label: t("Оргструктура", "Org structure"), Group: "personnel",
		Tree: true, ParentField: "parent", TitleField: "name", CodeField: "code", ScopeField: "distributor",
		Owner: []string{"parent", "distributor"}, Derive: orgEmployee,
		Tabs: []api.Tab{{Key: "general", Label: t("Общие", "General")}, {Key: "personnel", Label: t("Персонал", "Personnel")}},
		Fields: []api.Field{
			required(text("name", "Название", "Name", 260)),
			text("code", "Код", "Code", 110),
			required(enum("type", "Тип", "Type", 140, opt("region", "Регион", "Region"), opt("distributor", "Дистрибьютор", "Distributor"),
				opt("territory", "Территория", "Territory"), opt("position", "Должность", "Position"))),
			ref("parent", "org_structure", "Родитель", "Parent", 220),
			ref("distributor", "distributors", "Точка синхронизации", "Sync point", 200),
			// Derived from the bindings (orgEmployee): who holds the position now.
			readOnly(ref("employee", "personnel", "Сотрудник", "Employee", 220)),
			onTab("personnel", api.Field{Key: "people", Label: t("Привязанный персонал", "Bound personnel"), Type: api.FieldList,
				Columns: []api.Field{
					limitTo(required(ref("person", "personnel", "Сотрудник", "Employee", 220)), sameDistributor),
					field("primary", api.FieldBool, "Основной", "Primary", 90),
					fromToday(required(field("from", api.FieldDate, "Дата с", "From", 120))),
					field("to", api.FieldDate, "Дата по", "To", 120),
				}}),
		},
		Columns: []string{"name", "code", "type", "distributor"},
		Sort:    []api.SortKey{{Field: "name"}},
		Unique:  [][]string{{"distributor", "code"}},
		Rules:   []Rule{orgParentRule, orgBindingsRule},
	}
}

func warehouses() *Def {
	return &Def{
		Key: "warehouses", Label: t("Склады", "Warehouses"), Group: "logistics",
		TitleField: "name", CodeField: "code", ScopeField: "distributor", Owner: []string{"distributor"}, ChoiceDetail: []string{"address"},
		// The card's second tab is its child catalog warehouse_bindings.
		Tabs: []api.Tab{{Key: "general", Label: t("Общее", "General")}},
		Fields: []api.Field{
			required(text("code", "Код", "Code", 110)), required(text("name", "Название", "Name", 220)),
			required(ref("distributor", "distributors", "Дистрибьютор", "Distributor", 200)),
			text("address", "Адрес", "Address", 260),
			field("active", api.FieldBool, "Активен", "Active", 90),
		},
		Columns:  []string{"code", "name", "distributor", "address", "active"},
		Sort:     []api.SortKey{{Field: "name"}},
		Unique:   [][]string{{"distributor", "code"}},
		Defaults: func(time.Time) map[string]any { return map[string]any{"active": true} },
	}
}

// warehouseBindings: which document types of which org-structure objects
// a warehouse serves, each once. A child of warehouses (it was their list
// field "bindings", see conversions): listed on the warehouse's card,
// deleted and restored with the warehouse.
func warehouseBindings() *Def {
	return &Def{
		Key: "warehouse_bindings", Label: t("Типы документов, объекты оргструктуры", "Document types, org-structure objects"), Group: "logistics",
		TitleField: "doc_type", ScopeField: "distributor", Owner: []string{"warehouse"},
		Parent: &api.ParentLink{Catalog: "warehouses", Field: "warehouse"}, OnParentDelete: DeleteChildren,
		Fields: []api.Field{
			required(ref("warehouse", "warehouses", "Склад", "Warehouse", 200)),
			required(enum("doc_type", "Тип документа", "Document type", 150, opt("order", "Заказ", "Order"),
				opt("return", "Возврат", "Return"), opt("invoice", "Накладная", "Invoice"), opt("transfer", "Перемещение", "Transfer"))),
			limitTo(required(ref("org_object", "org_structure", "Объект оргструктуры", "Org-structure object", 240)), sameDistributor),
			readOnly(ref("distributor", "distributors", "Дистрибьютор", "Distributor", 200)),
		},
		Columns: []string{"warehouse", "doc_type", "org_object"},
		Sort:    []api.SortKey{{Field: "doc_type"}},
		Unique:  [][]string{{"warehouse", "doc_type", "org_object"}},
	}
}

func priceLists() *Def {
	return &Def{
		Key: "price_lists", Label: t("Прайс-листы", "Price lists"), Group: "logistics",
		TitleField: "name", CodeField: "code", ScopeField: "distributor", Owner: []string{"distributor"},
		Tabs: []api.Tab{{Key: "general", Label: t("Общее", "General")}, {Key: "options", Label: t("Опции", "Options")}},
		Fields: []api.Field{
			required(text("code", "Код", "Code", 110)), required(text("name", "Название", "Name", 220)),
			required(enum("currency", "Валюта", "Currency", 100, opt("UAH", "UAH — гривна", "UAH — hryvnia"),
				opt("RUB", "RUB — рубль", "RUB — rouble"), opt("USD", "USD — доллар", "USD — dollar"), opt("EUR", "EUR — евро", "EUR — euro"))),
			required(field("valid_from", api.FieldDate, "Действует с", "Valid from", 120)),
			field("valid_to", api.FieldDate, "Действует по", "Valid to", 120),
			required(ref("distributor", "distributors", "Дистрибьютор", "Distributor", 200)),
			onTab("options", field("vat_included", api.FieldBool, "Цены с НДС", "VAT included", 110)),
			onTab("options", field("is_default", api.FieldBool, "Прайс-лист по умолчанию", "Default list", 110)),
			onTab("options", enum("rounding", "Округление", "Rounding", 120, opt("0.01", "до 0,01", "to 0.01"),
				opt("0.1", "до 0,1", "to 0.1"), opt("1", "до 1", "to 1"))),
		},
		Columns: []string{"code", "name", "currency", "valid_from", "valid_to", "distributor", "is_default"},
		Sort:    []api.SortKey{{Field: "name"}},
		Unique:  [][]string{{"distributor", "code"}},
		Defaults: func(now time.Time) map[string]any {
			return map[string]any{"valid_from": now.Format(dateLayout), "vat_included": true, "rounding": "0.01"}
		},
		Rules: []Rule{periodRule("valid_from", "valid_to"), oneDefaultPriceList},
	}
}

func rdc() *Def {
	self := field("distribute_to_self", api.FieldBool, "Распределять продажи на точку — РЦ", "Distribute sales to the RDC outlet itself", 120)
	self.Confirm = t("Снять флажок? Продажи перестанут распределяться на саму точку — РЦ.", "Switch it off? Sales will no longer be distributed to the RDC outlet itself.")
	code := required(text("external_code", "Внешний код", "External code", 130))
	code.Hint = t("Код ГО торговой точки с подтипом RDC", "Global code of an outlet of subtype RDC")
	code.Pick = &api.Pick{Catalog: "outlets", Field: "code", Limit: []api.RefLimit{{Field: "subtype", Is: "rdc"}}, Code: api.FieldNotRDC}
	activity := required(enum("activity_type", "Тип деятельности", "Activity type", 130, opt("coffee", "Coffee", "Coffee"),
		opt("tea", "Tea", "Tea"), opt("confectionery", "Confectionery", "Confectionery")))
	activity.Fixed = true
	return &Def{
		Key: "rdc", Label: t("Распределительные центры", "Distribution centres"), Group: "outlets",
		TitleField: "name", CodeField: "external_code", ScopeField: "distributor", Owner: []string{"distributor"},
		Fields: []api.Field{
			code,
			required(text("name", "Распределительный центр", "Distribution centre", 240)),
			activity,
			api.Field{Key: "comment", Label: t("Комментарий", "Comment"), Type: api.FieldText, MaxLen: 1000, Width: 200},
			enum("method", "Метод распределения", "Distribution method", 190, opt("proportional", "Пропорционально продажам", "Proportional to sales"),
				opt("shares", "По долям", "By shares"), opt("equal", "Поровну", "Equally")),
			self,
			required(field("start_date", api.FieldDate, "Дата начала", "Start date", 120)),
			field("end_date", api.FieldDate, "Дата окончания", "End date", 120),
			required(ref("distributor", "distributors", "Дистрибьютор", "Distributor", 200)),
			statusField,
		},
		Columns: []string{"external_code", "name", "activity_type", "method", "start_date", "end_date", "status"},
		Sort:    []api.SortKey{{Field: "name"}},
		Unique:  [][]string{{"external_code"}},
		Defaults: func(now time.Time) map[string]any {
			y, m, _ := now.Date()
			end := time.Date(y, m+1, 0, 0, 0, 0, 0, now.Location())
			// The manual: "Необходимо выбрать «Coffee»".
			return map[string]any{"distribute_to_self": true, "start_date": now.Format(dateLayout),
				"end_date": end.Format(dateLayout), "status": "active", "method": "proportional", "activity_type": "coffee"}
		},
		Rules: []Rule{periodRule("start_date", "end_date")},
	}
}

func routes() *Def {
	return &Def{
		Key: "routes", Label: t("Маршруты", "Routes"), Group: "personnel",
		TitleField: "code", CodeField: "code", ScopeField: "distributor", Owner: []string{"distributor"},
		Fields: []api.Field{
			required(text("code", "Код", "Code", 110)),
			limitTo(required(ref("position", "org_structure", "Должность", "Position", 220)), positionsOnly, sameDistributor),
			lookupOf(ref("employee", "personnel", "Сотрудник", "Employee", 200), "position", "employee"),
			limitTo(required(ref("outlet", "local_outlets", "Торговая точка", "Outlet", 240)), sameDistributor),
			text("visit_days", "Дни визитов", "Visit days", 140),
			enum("frequency", "Частота", "Frequency", 130, opt("weekly", "Еженедельно", "Weekly"),
				opt("biweekly", "Раз в две недели", "Every two weeks"), opt("monthly", "Ежемесячно", "Monthly")),
			required(ref("distributor", "distributors", "Дистрибьютор", "Distributor", 200)),
		},
		Columns: []string{"code", "position", "employee", "outlet", "visit_days", "frequency"},
		Sort:    []api.SortKey{{Field: "code"}},
		Unique:  [][]string{{"distributor", "code"}},
		Rules:   []Rule{visitDaysRule, positionRule},
	}
}
