package catalog

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"webtool/server/access"
	"webtool/server/api"
	"webtool/server/query"
	"webtool/server/store"
)

// Export is a written file.
type Export struct {
	Name        string // file name, from the catalog's label
	ContentType string
	Body        []byte
	Rows        int
}

// exporter writes the list a user sees to a file.
type exporter struct {
	db   store.Store
	read *reader
	now  func() time.Time
}

// Export writes the list p sees — exactly req.Columns in that order, with
// the filter and sort — as XLSX or CSV. Above api.MaxExport rows nothing is
// written and the error says how many rows match. The rows are read in one
// transaction and the export is audited in another once the file is made:
// making it must not hold the store's one writer.
func (x *exporter) Export(ctx context.Context, p access.Principal, addr string, req api.ExportRequest) (Export, error) {
	d, err := x.read.reg.def(p, req.Catalog, access.Read)
	if err != nil {
		return Export{}, err
	}
	if req.Format != api.ExportXLSX && req.Format != api.ExportCSV {
		return Export{}, api.Errorf(api.CodeBadRequest, "format must be xlsx or csv")
	}
	if len(req.Columns) == 0 || len(req.Columns) > len(d.Fields) {
		return Export{}, api.Errorf(api.CodeBadRequest, "choose 1 to %d columns", len(d.Fields))
	}
	cols := make([]*api.Field, 0, len(req.Columns))
	for _, k := range req.Columns {
		f := d.Field(k)
		if f == nil {
			return Export{}, api.Errorf(api.CodeBadRequest, "no column %q", k)
		}
		if f.Type == api.FieldPin {
			continue // a PIN never leaves the server in a file
		}
		cols = append(cols, f)
	}
	if len(cols) == 0 {
		return Export{}, api.Errorf(api.CodeBadRequest, "choose 1 to %d columns", len(d.Fields))
	}
	lang := req.Lang
	if lang != "en" {
		lang = "ru"
	}
	res, err := x.matching(ctx, d, p, req)
	if err != nil {
		return Export{}, err
	}
	// Nothing is read or written for an export too big.
	if res.Total > api.MaxExport {
		return Export{}, &api.Error{Code: api.CodeTooManyRows, Message: "too many rows to export",
			Args: map[string]string{"count": strconv.Itoa(res.Total), "limit": strconv.Itoa(api.MaxExport)}}
	}
	recs, err := x.read.records(d, p, res.IDs, lang)
	if err != nil {
		return Export{}, err
	}
	header := make([]string, len(cols))
	for i, f := range cols {
		header[i] = f.Label.In(lang)
	}
	out := Export{Name: d.Label.In(lang) + "." + req.Format, Rows: len(recs)}
	if req.Format == api.ExportCSV {
		out.ContentType = "text/csv; charset=utf-8"
		out.Body, err = writeCSV(header, cols, recs, lang)
	} else {
		out.ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		out.Body, err = writeXLSX(d.Label.In(lang), header, cols, recs, lang)
	}
	if err != nil {
		return Export{}, fmt.Errorf("export %s: %w", d.Key, err)
	}
	err = x.db.Update(func(tx *store.Tx) error {
		return tx.Audit(store.AuditRecord{At: x.now(), Actor: p.Login, Addr: addr, Action: "record.export", Target: d.Key,
			Result: "ok", Detail: fmt.Sprintf("%d rows, %s, columns %s", len(recs), req.Format, strings.Join(req.Columns, ","))})
	})
	return out, err
}

// matching returns the count and the ids (up to api.MaxExport) of the
// whole filtered, sorted list.
func (x *exporter) matching(ctx context.Context, d *Def, p access.Principal, req api.ExportRequest) (query.Result, error) {
	where, err := x.read.where(d, p, req.Of, req.Filter, req.Deleted)
	if err != nil {
		return query.Result{}, err
	}
	sort, err := sortKeys(d, req.Sort, req.Lang)
	if err != nil {
		return query.Result{}, err
	}
	res, err := x.read.img.table(d.Key).QueryContext(ctx, query.Query{Where: where, Sort: sort, Limit: api.MaxExport})
	if errors.Is(err, query.ErrBadQuery) {
		return query.Result{}, api.Errorf(api.CodeBadRequest, "%v", err)
	}
	return res, err
}

// cellText renders a value for a person reading the file.
func cellText(f *api.Field, r api.Record, lang string) string {
	v := r.Values[f.Key]
	if v == nil {
		return ""
	}
	switch f.Type {
	case api.FieldEnum:
		for _, o := range f.Options {
			if o.Key == v {
				return o.Label.In(lang)
			}
		}
	case api.FieldRef:
		// The name alone cannot tell apart the records that share it.
		return api.RefText(r.Labels[f.Key], r.Refs[f.Key])
	case api.FieldBool:
		yes := map[bool]string{true: "Да", false: "Нет"}
		if lang == "en" {
			yes = map[bool]string{true: "Yes", false: "No"}
		}
		return yes[v == true]
	case api.FieldNumber:
		s := strconv.FormatFloat(v.(float64), 'f', -1, 64)
		if lang == "ru" {
			s = strings.Replace(s, ".", ",", 1)
		}
		return s
	case api.FieldMoney:
		if lang == "ru" {
			return strings.Replace(v.(string), ".", ",", 1)
		}
	case api.FieldDate:
		if d, err := time.Parse(dateLayout, v.(string)); err == nil && lang == "ru" {
			return d.Format("02.01.2006")
		}
	case api.FieldDateTime:
		if t, err := time.Parse(time.RFC3339, v.(string)); err == nil {
			if lang == "ru" {
				return t.Local().Format("02.01.2006 15:04")
			}
			return t.Local().Format("2006-01-02 15:04")
		}
	case api.FieldCoords:
		c := v.([]any)
		return fmt.Sprintf("%.6f, %.6f", c[0], c[1])
	case api.FieldList:
		return strconv.Itoa(len(v.([]any)))
	}
	return fmt.Sprint(v)
}

// writeCSV writes UTF-8 with a byte-order mark, so Excel reads Cyrillic
// right, and with the separator Excel expects in the language's locale.
func writeCSV(header []string, cols []*api.Field, recs []api.Record, lang string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("\uFEFF")
	w := csv.NewWriter(&b)
	if lang == "ru" {
		w.Comma = ';'
	}
	w.UseCRLF = true
	w.Write(header)
	row := make([]string, len(cols))
	for _, r := range recs {
		for i, f := range cols {
			row[i] = cellText(f, r, lang)
		}
		w.Write(row)
	}
	w.Flush()
	return b.Bytes(), w.Error()
}

// writeXLSX writes typed cells: numbers and money as numbers, dates as
// dates, so the sheet sums and sorts.
func writeXLSX(title string, header []string, cols []*api.Field, recs []api.Record, lang string) ([]byte, error) {
	x := excelize.NewFile()
	defer x.Close()
	sheet := sanitizeSheet(title)
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	bold, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	dateFmt, dateTimeFmt := "dd.mm.yyyy", "dd.mm.yyyy hh:mm"
	if lang == "en" {
		dateFmt, dateTimeFmt = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"
	}
	dateStyle, _ := x.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	dateTimeStyle, _ := x.NewStyle(&excelize.Style{CustomNumFmt: &dateTimeFmt})
	moneyFmt := "#,##0.00"
	moneyStyle, _ := x.NewStyle(&excelize.Style{CustomNumFmt: &moneyFmt})
	for i, f := range cols {
		w := float64(f.Width) / 7
		if w < 8 {
			w = 12
		}
		sw.SetColWidth(i+1, i+1, w)
	}
	head := make([]any, len(header))
	for i, h := range header {
		head[i] = excelize.Cell{Value: h, StyleID: bold}
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{}); err != nil {
		return nil, err
	}
	for ri, r := range recs {
		row := make([]any, len(cols))
		for i, f := range cols {
			v := r.Values[f.Key]
			switch {
			case v == nil:
				row[i] = nil
			case f.Type == api.FieldNumber:
				row[i] = v.(float64)
			case f.Type == api.FieldMoney:
				m, _ := parseMoney(v)
				row[i] = excelize.Cell{Value: float64(m) / 100, StyleID: moneyStyle}
			case f.Type == api.FieldDate:
				d, _ := time.Parse(dateLayout, v.(string))
				row[i] = excelize.Cell{Value: d, StyleID: dateStyle}
			case f.Type == api.FieldDateTime:
				t, _ := time.Parse(time.RFC3339, v.(string))
				local := t.Local()
				row[i] = excelize.Cell{Value: time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), 0, time.UTC), StyleID: dateTimeStyle}
			default:
				row[i] = cellText(f, r, lang)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, ri+2)
		if err := sw.SetRow(cell, row); err != nil {
			return nil, err
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if _, err := x.WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// sanitizeSheet makes a catalog label a valid sheet name.
func sanitizeSheet(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`\/?*[]:`, r) {
			return '-'
		}
		return r
	}, s)
	if r := []rune(s); len(r) > 31 {
		s = string(r[:31])
	}
	return s
}
