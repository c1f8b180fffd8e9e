package demo

import (
	"fmt"
	"math/rand/v2"
	"time"
)

var distributorNames = []struct{ name, city, region, prefix string }{
	{"ТОВ «Кава Трейд Київ»", "Киев", "kyiv", "kt"},
	{"ООО «Харьков-Дистрибуция»", "Харьков", "kharkiv", "hd"},
	{"ТОВ «Одеса Смак»", "Одесса", "odesa", "os"},
	{"ООО «Днепр Продукт»", "Днепр", "dnipro", "dp"},
	{"ТОВ «Галичина Постач»", "Львов", "lviv", "gp"},
	{"ООО «Запорожье Оптторг»", "Запорожье", "zaporizhzhia", "zo"},
}

var (
	firstNamesM  = []string{"Oleksandr", "Andrii", "Serhii", "Dmytro", "Ivan", "Mykola", "Volodymyr", "Yurii", "Pavlo", "Taras", "Maksym", "Bohdan"}
	firstNamesF  = []string{"Olena", "Iryna", "Natalia", "Tetiana", "Oksana", "Yuliia", "Svitlana", "Mariia", "Kateryna", "Anna", "Halyna", "Larysa"}
	middleNamesM = []string{"Ivanovych", "Petrovych", "Mykolaiovych", "Serhiiovych", "Oleksandrovych", "Vasylovych"}
	middleNamesF = []string{"Ivanivna", "Petrivna", "Mykolaivna", "Serhiivna", "Oleksandrivna", "Vasylivna"}
	lastNames    = []string{"Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Shevchenko", "Melnyk", "Boiko", "Kovalchuk", "Oliinyk", "Lysenko", "Moroz", "Petrenko", "Savchenko", "Rudenko", "Marchenko"}
)

// cities by region, with a centre for coordinates.
var cities = map[string]struct {
	names    []string
	lat, lon float64
}{
	"kyiv":            {[]string{"Киев", "Бровары", "Ирпень", "Буча", "Белая Церковь"}, 50.45, 30.52},
	"kharkiv":         {[]string{"Харьков", "Чугуев", "Изюм"}, 49.99, 36.23},
	"odesa":           {[]string{"Одесса", "Измаил", "Черноморск"}, 46.48, 30.72},
	"dnipro":          {[]string{"Днепр", "Кривой Рог", "Каменское", "Никополь"}, 48.46, 35.04},
	"lviv":            {[]string{"Львов", "Дрогобыч", "Стрый"}, 49.84, 24.03},
	"zaporizhzhia":    {[]string{"Запорожье", "Мелитополь", "Бердянск"}, 47.84, 35.14},
	"vinnytsia":       {[]string{"Винница", "Жмеринка"}, 49.23, 28.47},
	"poltava":         {[]string{"Полтава", "Кременчуг"}, 49.59, 34.55},
	"chernihiv":       {[]string{"Чернигов", "Нежин"}, 51.49, 31.29},
	"cherkasy":        {[]string{"Черкассы", "Умань"}, 49.44, 32.06},
	"sumy":            {[]string{"Сумы", "Конотоп"}, 50.91, 34.80},
	"zhytomyr":        {[]string{"Житомир", "Бердичев"}, 50.25, 28.66},
	"khmelnytskyi":    {[]string{"Хмельницкий", "Каменец-Подольский"}, 49.42, 26.99},
	"rivne":           {[]string{"Ровно", "Дубно"}, 50.62, 26.25},
	"volyn":           {[]string{"Луцк", "Ковель"}, 50.75, 25.33},
	"ternopil":        {[]string{"Тернополь"}, 49.55, 25.59},
	"ivano_frankivsk": {[]string{"Ивано-Франковск", "Калуш"}, 48.92, 24.71},
	"zakarpattia":     {[]string{"Ужгород", "Мукачево"}, 48.62, 22.29},
	"chernivtsi":      {[]string{"Черновцы"}, 48.29, 25.94},
	"kirovohrad":      {[]string{"Кропивницкий"}, 48.51, 32.26},
	"mykolaiv":        {[]string{"Николаев"}, 46.97, 31.99},
	"kherson":         {[]string{"Херсон"}, 46.64, 32.62},
	"donetsk":         {[]string{"Краматорск", "Славянск"}, 48.74, 37.58},
	"luhansk":         {[]string{"Северодонецк"}, 48.95, 38.49},
	"moscow":          {[]string{"Москва", "Химки", "Подольск"}, 55.75, 37.62},
}

var regionKeys = []string{"kyiv", "kharkiv", "odesa", "dnipro", "lviv", "zaporizhzhia", "vinnytsia", "poltava",
	"chernihiv", "cherkasy", "sumy", "zhytomyr", "khmelnytskyi", "rivne", "volyn", "ternopil", "ivano_frankivsk",
	"zakarpattia", "chernivtsi", "kirovohrad", "mykolaiv", "kherson", "donetsk", "luhansk", "moscow"}

var (
	outletKinds = []string{"Магазин", "Маркет", "Продукты", "Минимаркет", "Кафе", "Ресторан", "Бар", "Гастроном", "Супермаркет", "Киоск", "АЗС", "Пекарня"}
	outletNames = []string{"Лилия", "Сокол", "Весна", "Каштан", "Престиж", "Надежда", "Ромашка", "Уют", "Оазис", "Виктория",
		"Фортуна", "Злата", "Дружба", "Меридиан", "Парус", "Радуга", "Світанок", "Смачно", "Теремок", "Янтарь", "Колос", "Берёзка"}
	streets   = []string{"ул. Шевченко", "просп. Победы", "ул. Садовая", "ул. Гагарина", "ул. Франко", "бул. Леси Украинки", "ул. Соборная", "ул. Центральная", "ул. Мира", "пер. Тихий"}
	legalForm = []string{"ФЛП", "ТОВ", "ООО", "ЧП"}
)

// Outlets generates n global outlets, deterministic for a seed. The shape
// matches the benchmark data of ../shared/BENCHMARKS.md: about 1% of names
// contain "кофе" and about 1% of rows are RDCs in the Kyiv region (the
// capital holds a fifth of the outlets and a twentieth of them are RDCs).
func Outlets(n int, seed uint64, now time.Time) []map[string]any {
	rows := make([]map[string]any, 0, n)
	OutletBatches(n, n, seed, now, func(b []map[string]any) error { rows = append(rows, b...); return nil })
	return rows
}

// OutletBatches generates the same rows as Outlets, handing them to fn in
// batches of size so that a million rows never sit in memory at once.
func OutletBatches(n, size int, seed uint64, now time.Time, fn func([]map[string]any) error) error {
	r := rand.New(rand.NewPCG(seed, 7))
	batch := make([]map[string]any, 0, size)
	for i := 0; i < n; i++ {
		region := "kyiv"
		if r.IntN(100) >= 20 {
			region = regionKeys[1+r.IntN(len(regionKeys)-1)]
		}
		c := cities[region]
		city := c.names[r.IntN(len(c.names))]
		kind := outletKinds[r.IntN(len(outletKinds))]
		var name string
		if r.IntN(100) == 0 {
			name = fmt.Sprintf("Кофейня «%s»", outletNames[r.IntN(len(outletNames))])
		} else {
			name = fmt.Sprintf("%s «%s»", kind, outletNames[r.IntN(len(outletNames))])
		}
		if r.IntN(3) == 0 {
			name += fmt.Sprintf(" №%d", 1+r.IntN(300))
		}
		subtype := "retail"
		switch p := r.IntN(100); {
		case p < 5:
			subtype = "rdc"
		case p < 20:
			subtype = "horeca"
		case p < 30:
			subtype = "wholesale"
		case p < 40:
			subtype = "kiosk"
		case p < 50:
			subtype = "supermarket"
		}
		channel := map[string]string{"retail": "traditional", "kiosk": "traditional", "supermarket": "modern",
			"horeca": "horeca", "wholesale": "wholesale", "rdc": "wholesale"}[subtype]
		status := "active"
		if r.IntN(100) < 4 {
			status = []string{"inactive", "closed"}[r.IntN(2)]
		}
		modified := now.Add(-time.Duration(r.IntN(90*24*60)) * time.Minute).UTC()
		batch = append(batch, map[string]any{
			"code":        fmt.Sprintf("G%07d", 1000001+i),
			"name":        name,
			"legal_name":  fmt.Sprintf("%s %s %s.", legalForm[r.IntN(len(legalForm))], lastNames[r.IntN(len(lastNames))], firstNamesM[r.IntN(len(firstNamesM))][:1]),
			"address":     fmt.Sprintf("%s, %s, %d", city, streets[r.IntN(len(streets))], 1+r.IntN(180)),
			"city":        city,
			"region":      region,
			"subtype":     subtype,
			"channel":     channel,
			"coords":      []any{c.lat + (r.Float64()-0.5)*0.3, c.lon + (r.Float64()-0.5)*0.4},
			"status":      status,
			"modified_at": modified.Format(time.RFC3339),
			"load_seq":    float64(1 + i/5000),
		})
		if len(batch) == size {
			if err := fn(batch); err != nil {
				return err
			}
			batch = make([]map[string]any, 0, size)
		}
	}
	if len(batch) > 0 {
		return fn(batch)
	}
	return nil
}

// productList is a coffee assortment that reads like the real thing.
func productList() []map[string]any {
	type p struct{ name, brand, category, pack, unit string }
	list := []p{
		{"Jacobs Monarch растворимый 95 г ст/б", "jacobs", "instant", "95 г", "pcs"},
		{"Jacobs Monarch растворимый 190 г ст/б", "jacobs", "instant", "190 г", "pcs"},
		{"Jacobs Monarch растворимый 400 г м/у", "jacobs", "instant", "400 г", "pcs"},
		{"Jacobs Monarch молотый 230 г", "jacobs", "ground", "230 г", "pcs"},
		{"Jacobs Monarch в зёрнах 1 кг", "jacobs", "beans", "1 кг", "pcs"},
		{"Jacobs Millicano растворимый с молотым 95 г", "jacobs", "instant", "95 г", "pcs"},
		{"Jacobs Millicano Crema Espresso 95 г", "jacobs", "instant", "95 г", "pcs"},
		{"Jacobs Espresso молотый 230 г", "jacobs", "ground", "230 г", "pcs"},
		{"Jacobs Crema в зёрнах 1 кг", "jacobs", "beans", "1 кг", "pcs"},
		{"Jacobs 3в1 Original 12 г × 24", "jacobs", "sticks", "24 шт", "box"},
		{"Jacobs 3в1 Intense 13,5 г × 24", "jacobs", "sticks", "24 шт", "box"},
		{"Jacobs 2в1 Milk 14 г × 24", "jacobs", "sticks", "24 шт", "box"},
		{"Carte Noire растворимый 95 г ст/б", "carte_noire", "instant", "95 г", "pcs"},
		{"Carte Noire Original молотый 250 г", "carte_noire", "ground", "250 г", "pcs"},
		{"Carte Noire Espresso в зёрнах 800 г", "carte_noire", "beans", "800 г", "pcs"},
		{"Tassimo Jacobs Latte Macchiato 8 капсул", "tassimo", "capsules", "8 шт", "pcs"},
		{"Tassimo Jacobs Cappuccino 8 капсул", "tassimo", "capsules", "8 шт", "pcs"},
		{"Tassimo Jacobs Espresso Ristretto 16 капсул", "tassimo", "capsules", "16 шт", "pcs"},
		{"Tassimo Milka Cacao 8 капсул", "tassimo", "capsules", "8 шт", "pcs"},
		{"Milka молочный шоколад 90 г", "milka", "chocolate", "90 г", "pcs"},
		{"Milka с цельным орехом 90 г", "milka", "chocolate", "90 г", "pcs"},
		{"Alpen Gold молочный 85 г", "alpen_gold", "chocolate", "85 г", "pcs"},
		{"Alpen Gold Max Fun 150 г", "alpen_gold", "chocolate", "150 г", "pcs"},
		{"Jacobs Monarch Intense растворимый 120 г", "jacobs", "instant", "120 г", "pcs"},
	}
	out := make([]map[string]any, len(list))
	for i, x := range list {
		out[i] = map[string]any{"name": x.name, "brand": x.brand, "category": x.category, "pack": x.pack, "unit": x.unit}
	}
	return out
}

// ean13 appends the check digit to 12 digits.
func ean13(digits12 string) string {
	sum := 0
	for i, c := range digits12 {
		d := int(c - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return digits12 + fmt.Sprint((10-sum%10)%10)
}
