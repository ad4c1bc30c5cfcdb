package results

import (
	"bytes"
	"runtime"
	"testing"

	pqzstd "github.com/parquet-go/parquet-go/compress/zstd"
)

// pageZstd writes the bytes parquet-go's own zstd codec writes, for pages
// of one byte up to nearly its window, and its encoder outlives garbage
// collections: compressing again after two (a sync.Pool keeps what it
// held for one more) allocates almost nothing, where parquet-go's codec
// allocates a new encoder and its 16 MiB of history.
func TestPageZstd_SameBytesWithoutReallocating(t *testing.T) {
	page := func(n int) []byte { // a column page: repeated labels and numbers
		var b bytes.Buffer
		for i := 0; b.Len() < n; i++ {
			b.WriteString("plant-")
			b.WriteByte(byte('a' + i%7))
			b.WriteByte(byte(i * 31))
		}
		return b.Bytes()[:n]
	}
	ours, theirs := newPageZstd(), &pqzstd.Codec{}
	for _, n := range []int{1, 1000, 200 << 10, 300 << 10, 900 << 10} {
		src := page(n)
		a, _ := ours.Encode(nil, src)
		b, _ := theirs.Encode(nil, src)
		if !bytes.Equal(a, b) {
			t.Errorf("%d-byte page: %d compressed bytes, parquet-go's codec %d, or different bytes", n, len(a), len(b))
		}
		back, err := ours.Decode(nil, a)
		if err != nil || !bytes.Equal(back, src) {
			t.Errorf("%d-byte page does not decode to itself: %v", n, err)
		}
	}
	src, dst := page(300<<10), make([]byte, 0, 400<<10)
	ours.Encode(dst, src)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	ours.Encode(dst, src)
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 1<<20 {
		t.Errorf("compressing a page after two collections allocated %d bytes, want under 1 MiB", grew)
	}
}
