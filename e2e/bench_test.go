package e2e

import (
	"sort"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// BenchmarkLoginFormReady measures, in a cold browser (fresh profile, no
// service worker, nothing cached), the time from navigation to a login form
// that takes input. make bench runs it 5 times and reports the median.
func BenchmarkLoginFormReady(b *testing.B) {
	srv := startServer(b)
	var took []time.Duration
	for range b.N {
		ctx := newBrowser(b, "ru")
		start := time.Now()
		run(b, ctx, "load", chromedp.Navigate(srv.URL),
			chromedp.WaitVisible("#login-form", chromedp.ByQuery),
			chromedp.WaitEnabled("#login-name", chromedp.ByQuery))
		took = append(took, time.Since(start))
	}
	sort.Slice(took, func(i, j int) bool { return took[i] < took[j] })
	b.ReportMetric(float64(took[len(took)/2].Milliseconds()), "ms-median")
	b.ReportMetric(float64(took[len(took)-1].Milliseconds()), "ms-max")
}
