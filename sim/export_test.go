package sim

// NewQueueWithWindow returns a Queue whose wheel covers 2^log2 ticks, so that
// tests can push most events through the overflow heap and its migrations.
func NewQueueWithWindow(log2 int) *Queue { return newQueue(log2) }
