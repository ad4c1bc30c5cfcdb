package results

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"

	"github.com/parquet-go/parquet-go"
)

// parquetRuns writes runs.parquet: the rows of runs.csv, in its column
// order, with typed columns (see runsSchema). Row groups hold at most
// 65,536 rows, so memory stays bounded however many replications stream
// through.
type parquetRuns struct {
	tmp     *os.File
	path    string
	w       *parquet.Writer
	row     parquet.Row
	integer []bool // per metric: stored as INT64
}

// integerMetrics are the metrics that are whole numbers in every run.
var integerMetrics = map[string]bool{"shocks": true}

// runsSchema is runs.parquet's schema: runs.csv's columns in its order;
// replication and the integer metrics INT64, regime a dictionary-encoded
// STRING, the other metrics DOUBLE, optional (null where the CSV is
// empty); every column compressed with zstd. (A struct type keeps the
// order; parquet-go sorts a Group's columns by name.)
func runsSchema() *parquet.Schema {
	fields := []reflect.StructField{
		{Name: "Replication", Type: reflect.TypeFor[int64](), Tag: `parquet:"replication,zstd"`},
		{Name: "Regime", Type: reflect.TypeFor[string](), Tag: `parquet:"regime,zstd,dict"`},
	}
	for i, m := range Metrics {
		typ, tag := reflect.TypeFor[*float64](), m.Name+",optional,zstd"
		if integerMetrics[m.Name] {
			typ, tag = reflect.TypeFor[int64](), m.Name+",zstd"
		}
		fields = append(fields, reflect.StructField{Name: fmt.Sprintf("M%d", i), Type: typ, Tag: reflect.StructTag(`parquet:"` + tag + `"`)})
	}
	return parquet.SchemaOf(reflect.New(reflect.StructOf(fields)).Interface())
}

func newParquetRuns(path string) (*parquetRuns, error) {
	schema := runsSchema()
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, err
	}
	p := &parquetRuns{tmp: tmp, path: path, row: make(parquet.Row, 2+len(Metrics)),
		w: parquet.NewWriter(tmp, schema, parquet.MaxRowsPerRowGroup(1<<16), parquet.CreatedBy("supplysim", "", ""))}
	for _, m := range Metrics {
		p.integer = append(p.integer, integerMetrics[m.Name])
	}
	return p, nil
}

// write appends one row; the schema's columns are runs.csv's: replication,
// regime, then the metrics in order.
func (p *parquetRuns) write(r Row) error {
	p.row[0] = parquet.Int64Value(int64(r.Replication)).Level(0, 0, 0)
	p.row[1] = parquet.ByteArrayValue([]byte(r.Regime.String())).Level(0, 0, 1)
	for m, x := range r.Values {
		c := 2 + m
		if p.integer[m] {
			p.row[c] = parquet.Int64Value(int64(x)).Level(0, 0, c)
		} else if x != x {
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

// openParquet opens the Parquet file at path; the caller closes f.
func openParquet(path string) (pf *parquet.File, f *os.File, err error) {
	if f, err = os.Open(path); err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err == nil {
		pf, err = parquet.OpenFile(f, info.Size())
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return pf, f, nil
}

// ReadParquetRuns reads runs.parquet back into rows, for tests and tools.
func ReadParquetRuns(path string) ([]map[string]any, error) {
	pf, f, err := openParquet(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
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
				case v.Kind() == parquet.Int64:
					rec[name] = v.Int64()
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

// ParquetColumn describes a column of a Parquet file: its name, physical
// type and the compression of its chunks.
type ParquetColumn struct{ Name, Type, Codec string }

// ParquetSchema returns the columns of the Parquet file at path, in order,
// as its first row group stores them.
func ParquetSchema(path string) ([]ParquetColumn, error) {
	pf, f, err := openParquet(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	md := pf.Metadata()
	if len(md.RowGroups) == 0 {
		return nil, fmt.Errorf("%s has no row group", path)
	}
	var cols []ParquetColumn
	for _, c := range md.RowGroups[0].Columns {
		cols = append(cols, ParquetColumn{Name: c.MetaData.PathInSchema[0], Type: c.MetaData.Type.String(), Codec: c.MetaData.Codec.String()})
	}
	return cols, nil
}
