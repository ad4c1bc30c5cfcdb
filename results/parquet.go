package results

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"

	"github.com/klauspost/compress/zstd"
	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	pqzstd "github.com/parquet-go/parquet-go/compress/zstd"
	"github.com/parquet-go/parquet-go/format"
	"github.com/supplysim/supplysim/models"
)

// parquetFile is a Parquet file being written to a temporary file beside
// its path, moved into place by commit. Row groups hold at most 65,536
// rows, so memory stays bounded however many replications stream through.
// Every column is compressed with zstd (pageZstd).
type parquetFile struct {
	tmp  *os.File
	path string
	w    *parquet.Writer
}

func newParquetFile(path string, schema *parquet.Schema) (*parquetFile, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return nil, err
	}
	return &parquetFile{tmp: tmp, path: path,
		w: parquet.NewWriter(tmp, schema, parquet.Compression(newPageZstd()),
			parquet.MaxRowsPerRowGroup(1<<16), parquet.CreatedBy("supplysim", "", ""))}, nil
}

// pageZstd compresses a file's pages with one zstd encoder of its own,
// with a 1 MiB window. parquet-go's zstd codec takes its encoders from a
// sync.Pool, which garbage collections empty (what it holds survives
// one), and each new encoder allocates twice its 8 MiB window of history:
// at 3,000 nodes a batch allocated 16 to 32 MB of it again and again, the
// largest swing in its live heap. A data page is at most about 256 KiB,
// so a 1 MiB window holds all of it and the compressed bytes are the same;
// only a dictionary page past 1 MiB (a row group of some 65,000 distinct
// node ids) would compress differently, as valid zstd. Safe for
// concurrent use: the encoder serialises its callers.
type pageZstd struct {
	enc          *zstd.Encoder
	pqzstd.Codec // its Decode, which the interface asks for (readers take their codec from the file)
}

func newPageZstd() *pageZstd {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderConcurrency(1), zstd.WithEncoderLevel(zstd.SpeedDefault),
		zstd.WithZeroFrames(true), zstd.WithEncoderCRC(false), zstd.WithWindowSize(1<<20), zstd.WithLowerEncoderMem(true))
	if err != nil {
		panic(err) // the options are constants
	}
	return &pageZstd{enc: enc}
}

func (c *pageZstd) String() string                            { return "ZSTD" }
func (c *pageZstd) CompressionCodec() format.CompressionCodec { return format.Zstd }
func (c *pageZstd) Encode(dst, src []byte) ([]byte, error)    { return c.enc.EncodeAll(src, dst[:0]), nil }

var _ compress.Codec = (*pageZstd)(nil)

// parquetRuns writes runs.parquet: the rows of runs.csv, in its column
// order, with typed columns (see runsSchema).
type parquetRuns struct {
	*parquetFile
	rows    []parquet.Row // one, reused
	integer []bool        // per metric: stored as INT64
	names   texts
	off     int   // 1 with a point column
	point   int64 // the point of the rows written next
}

// texts keeps the bytes of the strings written, so that a row's values
// do not allocate them again for every row (parquet.ByteArrayValue keeps
// the slice it is given).
type texts map[string][]byte

func (t texts) of(s string) []byte {
	b, ok := t[s]
	if !ok {
		b = []byte(s)
		t[s] = b
	}
	return b
}

// integerMetrics are the metrics that are whole numbers in every run.
var integerMetrics = map[string]bool{"shocks": true}

// runsSchema is runs.parquet's schema: runs.csv's columns in its order;
// replication and the integer metrics INT64, regime a dictionary-encoded
// STRING, the other metrics DOUBLE, optional (null where the CSV is
// empty); every column compressed with zstd. (A struct type keeps the
// order; parquet-go sorts a Group's columns by name.)
func runsSchema(pointed bool) *parquet.Schema {
	var fields []reflect.StructField
	if pointed { // a sweep's: the point first
		fields = append(fields, reflect.StructField{Name: "Point", Type: reflect.TypeFor[int64](), Tag: `parquet:"point"`})
	}
	fields = append(fields,
		reflect.StructField{Name: "Replication", Type: reflect.TypeFor[int64](), Tag: `parquet:"replication"`},
		reflect.StructField{Name: "Regime", Type: reflect.TypeFor[string](), Tag: `parquet:"regime,dict"`})
	for i, m := range Metrics {
		fields = append(fields, metricField(i, m.Name, integerMetrics[m.Name]))
	}
	return parquet.SchemaOf(reflect.New(reflect.StructOf(fields)).Interface())
}

// metricField is the schema field of metric i: INT64 if integer, else an
// optional DOUBLE; zstd either way.
func metricField(i int, name string, integer bool) reflect.StructField {
	typ, tag := reflect.TypeFor[*float64](), name+",optional"
	if integer {
		typ, tag = reflect.TypeFor[int64](), name
	}
	return reflect.StructField{Name: fmt.Sprintf("M%d", i), Type: typ, Tag: reflect.StructTag(`parquet:"` + tag + `"`)}
}

func newParquetRuns(path string) (*parquetRuns, error) { return newPointedRuns(path, false) }

// newPointedRuns is newParquetRuns, with a point column first if pointed
// (a sweep's runs.parquet; set point before each write).
func newPointedRuns(path string, pointed bool) (*parquetRuns, error) {
	f, err := newParquetFile(path, runsSchema(pointed))
	if err != nil {
		return nil, err
	}
	p := &parquetRuns{parquetFile: f, names: texts{}}
	if pointed {
		p.off = 1
	}
	p.rows = []parquet.Row{make(parquet.Row, p.off+2+len(Metrics))}
	for _, m := range Metrics {
		p.integer = append(p.integer, integerMetrics[m.Name])
	}
	return p, nil
}

// metricValue is metric x in column c: INT64 if integer, else DOUBLE, or
// null for NaN.
func metricValue(x float64, integer bool, c int) parquet.Value {
	switch {
	case integer:
		return parquet.Int64Value(int64(x)).Level(0, 0, c)
	case x != x:
		return parquet.NullValue().Level(0, 0, c)
	}
	return parquet.DoubleValue(x).Level(0, 1, c)
}

// write appends one row; the schema's columns are runs.csv's: replication,
// regime, then the metrics in order.
func (p *parquetRuns) write(r Row) error {
	row, o := p.rows[0], p.off
	if o == 1 {
		row[0] = parquet.Int64Value(p.point).Level(0, 0, 0)
	}
	row[o] = parquet.Int64Value(int64(r.Replication)).Level(0, 0, o)
	row[o+1] = parquet.ByteArrayValue(p.names.of(r.Regime.String())).Level(0, 0, o+1)
	for m, x := range r.Values {
		row[o+2+m] = metricValue(x, p.integer[m], o+2+m)
	}
	_, err := p.w.WriteRows(p.rows)
	return err
}

// parquetNodes writes nodes.parquet: the rows of nodes.csv in its column
// order; replication, tier and the integer metrics INT64, the texts
// dictionary-encoded STRINGs, the other metrics optional DOUBLEs, zstd.
type parquetNodes struct {
	*parquetFile
	rows   []parquet.Row // one per node, reused
	labels []nodeLabel
	names  texts
}

func nodesSchema() *parquet.Schema {
	fields := []reflect.StructField{
		{Name: "Replication", Type: reflect.TypeFor[int64](), Tag: `parquet:"replication"`},
		{Name: "Regime", Type: reflect.TypeFor[string](), Tag: `parquet:"regime,dict"`},
		{Name: "Node", Type: reflect.TypeFor[string](), Tag: `parquet:"node,dict"`},
		{Name: "Tier", Type: reflect.TypeFor[int64](), Tag: `parquet:"tier"`},
		{Name: "Role", Type: reflect.TypeFor[string](), Tag: `parquet:"role,dict"`},
		{Name: "Region", Type: reflect.TypeFor[string](), Tag: `parquet:"region,dict"`},
	}
	for i, m := range NodeMetrics {
		fields = append(fields, metricField(i, m.Name, m.integer))
	}
	return parquet.SchemaOf(reflect.New(reflect.StructOf(fields)).Interface())
}

func newParquetNodes(path string, labels []nodeLabel) (*parquetNodes, error) {
	f, err := newParquetFile(path, nodesSchema())
	if err != nil {
		return nil, err
	}
	p := &parquetNodes{parquetFile: f, labels: labels, names: texts{}}
	for range labels {
		p.rows = append(p.rows, make(parquet.Row, 6+len(NodeMetrics)))
	}
	return p, nil
}

// write appends the rows of one replication under one regime: values holds
// every node's metrics, node by node.
func (p *parquetNodes) write(rep uint64, g models.Regime, values []float64) error {
	for n, row := range p.rows {
		l := &p.labels[n]
		row[0] = parquet.Int64Value(int64(rep)).Level(0, 0, 0)
		row[1] = parquet.ByteArrayValue(p.names.of(g.String())).Level(0, 0, 1)
		row[2] = parquet.ByteArrayValue(p.names.of(l.ID)).Level(0, 0, 2)
		row[3] = parquet.Int64Value(int64(l.Tier)).Level(0, 0, 3)
		row[4] = parquet.ByteArrayValue(p.names.of(l.Role)).Level(0, 0, 4)
		row[5] = parquet.ByteArrayValue(p.names.of(l.Region)).Level(0, 0, 5)
		for m, x := range values[n*len(NodeMetrics) : (n+1)*len(NodeMetrics)] {
			row[6+m] = metricValue(x, NodeMetrics[m].integer, 6+m)
		}
	}
	_, err := p.w.WriteRows(p.rows)
	return err
}

func (p *parquetFile) commit() error {
	if err := p.w.Close(); err != nil {
		p.abort()
		return err
	}
	err := commit(p.tmp, p.path) // removes the temporary file if it fails
	p.tmp = nil
	return err
}

func (p *parquetFile) abort() {
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

// ReadParquetRuns reads runs.parquet (or nodes.parquet) back into rows,
// for tests and tools.
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
				case v.Kind() == parquet.ByteArray:
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
