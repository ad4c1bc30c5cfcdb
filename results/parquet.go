package results

import (
	"io"
	"os"
	"path/filepath"

	"github.com/parquet-go/parquet-go"
)

// parquetRuns writes runs.parquet: the rows of runs.csv with typed columns
// (replication uint64, regime string, one optional double per metric, null
// where the CSV is empty). Row groups hold at most 65,536 rows, so memory
// stays bounded however many replications stream through. parquet-go
// orders a group's columns by name; readers select them by name.
type parquetRuns struct {
	tmp    *os.File
	path   string
	w      *parquet.Writer
	column map[string]int // column name → index in the schema's order
	row    parquet.Row
}

func newParquetRuns(path string) (*parquetRuns, error) {
	group := parquet.Group{"replication": parquet.Uint(64), "regime": parquet.String()}
	for _, m := range Metrics {
		group[m.Name] = parquet.Optional(parquet.Leaf(parquet.DoubleType))
	}
	schema := parquet.NewSchema("runs", group)
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, err
	}
	p := &parquetRuns{tmp: tmp, path: path, column: map[string]int{},
		w: parquet.NewWriter(tmp, schema, parquet.MaxRowsPerRowGroup(1<<16), parquet.CreatedBy("supplysim", "", ""))}
	for i, c := range schema.Columns() {
		p.column[c[0]] = i
	}
	p.row = make(parquet.Row, len(p.column))
	return p, nil
}

func (p *parquetRuns) write(r Row) error {
	p.row[p.column["replication"]] = parquet.Int64Value(int64(r.Replication)).Level(0, 0, p.column["replication"])
	p.row[p.column["regime"]] = parquet.ByteArrayValue([]byte(r.Regime.String())).Level(0, 0, p.column["regime"])
	for m, x := range r.Values {
		c := p.column[Metrics[m].Name]
		if x != x {
			p.row[c] = parquet.NullValue().Level(0, 0, c)
		} else {
			p.row[c] = parquet.DoubleValue(x).Level(0, 1, c)
		}
	}
	_, err := p.w.WriteRows([]parquet.Row{p.row})
	return err
}

func (p *parquetRuns) commit() error {
	if err := p.w.Close(); err != nil {
		p.abort()
		return err
	}
	err := commit(p.tmp, p.path) // removes the temporary file if it fails
	p.tmp = nil
	return err
}

func (p *parquetRuns) abort() {
	if p.tmp != nil {
		p.tmp.Close()
		os.Remove(p.tmp.Name())
		p.tmp = nil
	}
}

// ReadParquetRuns reads runs.parquet back into rows, for tests and tools.
func ReadParquetRuns(path string) ([]map[string]any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	pf, err := parquet.OpenFile(f, info.Size())
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	r := parquet.NewReader(pf)
	defer r.Close()
	cols := pf.Schema().Columns()
	rows := make([]parquet.Row, 64)
	for {
		n, err := r.ReadRows(rows)
		for _, row := range rows[:n] {
			rec := map[string]any{}
			for _, v := range row {
				name := cols[v.Column()][0]
				switch {
				case v.IsNull():
					rec[name] = nil
				case name == "regime":
					rec[name] = string(v.ByteArray())
				case name == "replication":
					rec[name] = uint64(v.Int64())
				default:
					rec[name] = v.Double()
				}
			}
			out = append(out, rec)
		}
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
