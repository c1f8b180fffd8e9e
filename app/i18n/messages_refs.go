package i18n

// Messages of references, pickers and the totals row (issue 11).
func init() {
	add(map[string]string{
		// The name a totals figure is shown with: "Σ 12 345,50",
		// "Среднее: 4,2", "Мин: 01.02.2026".
		"totals.short.sum":   "Σ",
		"totals.short.avg":   "Среднее:",
		"totals.short.min":   "Мин:",
		"totals.short.max":   "Макс:",
		"totals.short.count": "Кол-во:",
	}, map[string]string{
		"totals.short.sum":   "Σ",
		"totals.short.avg":   "Avg:",
		"totals.short.min":   "Min:",
		"totals.short.max":   "Max:",
		"totals.short.count": "Count:",
	})
}
