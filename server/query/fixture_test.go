package query

import (
	"fmt"
	"iter"
	"math/rand/v2"
	"strconv"
)

// This file is the benchmarks' deterministic fixture: a million outlets
// made from a seed, so every run measures the same table.

// outletColumns are the columns of the outlets fixture, shaped like the
// outlets catalog of BENCHMARKS.md.
func outletColumns() []Column {
	return []Column{
		{"code", Text},
		{"name", Text},
		{"legal_name", Text},
		{"address", Text},
		{"city", Text},
		{"region", Enum},
		{"subtype", Enum},
		{"channel", Enum},
		{"lat", Float},
		{"lon", Float},
		{"status", Enum},
		{"modified_at", Int}, // Unix ms
		{"load_seq", Int},
	}
}

// outletRegions are the fixture's 25 region values, equally likely.
var outletRegions = func() []string {
	names := []string{"Москва", "Московская обл.", "Санкт-Петербург", "Ленинградская обл.",
		"Новосибирская обл.", "Свердловская обл.", "Татарстан", "Нижегородская обл.",
		"Самарская обл.", "Ростовская обл.", "Краснодарский край", "Башкортостан",
		"Челябинская обл.", "Омская обл.", "Красноярский край", "Воронежская обл.",
		"Пермский край", "Волгоградская обл.", "Саратовская обл.", "Тюменская обл.",
		"Иркутская обл.", "Хабаровский край", "Приморский край", "Калининградская обл.",
		"Ярославская обл."}
	return names
}()

var (
	fxSubtypes = []string{"retail", "retail", "horeca", "wholesale"} // plus rdc: 1 in 4
	fxChannels = []string{"Традиционная розница", "Сети", "Кафе и рестораны", "Дистрибуция", "Онлайн", "АЗС"}
	fxStatus   = []string{"active", "active", "active", "active", "active", "active", "closed", "suspended"}
	fxKinds    = []string{"Магазин", "Продукты", "Минимаркет", "Универсам", "Супермаркет", "Кафе",
		"Ресторан", "Бар", "Столовая", "Киоск", "Павильон", "Гастроном", "Market", "Shop", "Дискаунтер"}
	fxWords = []string{"Ромашка", "Берёзка", "Лукошко", "Радуга", "Весна", "Удача", "Восход",
		"Солнечный", "Северный", "Южный", "Надежда", "Любава", "Семья", "Огонёк", "Колос",
		"Магнолия", "Престиж", "Фортуна", "Виктория", "Алёнка", "Корзинка", "Sunrise", "Metro",
		"Spar", "Fresh", "Аврора", "Малахит", "Изумруд", "Янтарь", "Кедр", "Сосна", "Рябинка",
		"Калинка", "Ласточка", "Журавли", "Полёт", "Орбита", "Маяк", "Парус", "Океан", "Волна",
		"Вершина", "Перекрёсток", "Околица", "Горница", "Светлица", "Дружба", "Уют", "Домашний",
		"Хозяюшка"}
	fxCoffee  = []string{"Кофейня", "Кофе с собой", "КофеМания", "Coffee & Кофе", "Кофе-бар"}
	fxStreets = []string{"Ленина", "Мира", "Советская", "Гагарина", "Победы", "Пушкина",
		"Садовая", "Центральная", "Молодёжная", "Школьная", "Лесная", "Новая", "Набережная",
		"Заводская", "Октябрьская", "Кирова", "Чехова", "Горького", "Строителей", "Юбилейная"}
	fxSurnames = []string{"Иванов", "Петров", "Сидоров", "Смирнов", "Кузнецов", "Попов",
		"Васильев", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев"}
	fxCities = []string{"город", "посёлок", "село", "станица"}
)

// generateOutlets yields n outlets as (id, row) pairs with the columns of
// outletColumns, the same for the same seed. About 1 % of names contain
// "кофе", and about 1 % of rows are rdc in any given region. The row slice
// is reused between iterations; Upsert copies what it keeps.
func generateOutlets(n int, seed int64) iter.Seq2[string, []Value] {
	return func(yield func(string, []Value) bool) {
		rng := rand.New(rand.NewPCG(uint64(seed), 0x6f75746c657473))
		row := make([]Value, 13)
		base := int64(1_700_000_000_000) // Nov 2023, Unix ms
		for i := range n {
			id := fmt.Sprintf("%016x", rng.Uint64())
			region := rng.IntN(len(outletRegions))
			var name string
			w := fxWords[rng.IntN(len(fxWords))]
			if rng.IntN(100) == 0 {
				name = fxCoffee[rng.IntN(len(fxCoffee))] + " «" + w + "»"
			} else {
				name = fxKinds[rng.IntN(len(fxKinds))] + " «" + w + "»"
			}
			if rng.IntN(3) == 0 {
				name += " №" + strconv.Itoa(1+rng.IntN(300))
			}
			var legal string
			if rng.IntN(3) == 0 {
				legal = "ИП " + fxSurnames[rng.IntN(len(fxSurnames))] + " " +
					string("АБВГДЕЖЗИКЛМНОПРСТ"[2*rng.IntN(18):][:2]) + "."
			} else {
				legal = "ООО «" + fxWords[rng.IntN(len(fxWords))] + "-" + strconv.Itoa(rng.IntN(1000)) + "»"
			}
			subtype := "rdc"
			if rng.IntN(4) != 0 {
				subtype = fxSubtypes[rng.IntN(len(fxSubtypes))]
			}
			row[0] = StringValue(fmt.Sprintf("TT%07d", i+1))
			row[1] = StringValue(name)
			row[2] = StringValue(legal)
			row[3] = StringValue("ул. " + fxStreets[rng.IntN(len(fxStreets))] + ", д. " + strconv.Itoa(1+rng.IntN(150)))
			row[4] = StringValue(fxCities[rng.IntN(len(fxCities))] + " " + fxWords[(region*7+rng.IntN(40))%len(fxWords)])
			row[5] = StringValue(outletRegions[region])
			row[6] = StringValue(subtype)
			row[7] = StringValue(fxChannels[rng.IntN(len(fxChannels))])
			row[8] = FloatValue(43 + rng.Float64()*25)
			row[9] = FloatValue(20 + rng.Float64()*140)
			row[10] = StringValue(fxStatus[rng.IntN(len(fxStatus))])
			row[11] = IntValue(base + rng.Int64N(3*365*86_400_000))
			row[12] = IntValue(int64(i + 1))
			if rng.IntN(50) == 0 { // some outlets have no coordinates yet
				row[8], row[9] = Null(), Null()
			}
			if !yield(id, row) {
				return
			}
		}
	}
}

// loadOutlets returns a table holding generateOutlets(n, seed), with its sort
// permutations built.
func loadOutlets(n int, seed int64) *Table {
	t := NewTable(outletColumns())
	for id, row := range generateOutlets(n, seed) {
		if err := t.Upsert(id, row); err != nil {
			panic(err)
		}
	}
	t.BuildIndexes()
	return t
}
