package sim

// NewQueueWithWheels returns a Queue whose coarse slots are 2^shift ticks,
// with 2^coarseLog2 of them, so that tests can push events through the
// coarse wheel, the heap and the moves between them.
func NewQueueWithWheels(shift uint, coarseLog2 int) *Queue { return newQueue(shift, coarseLog2) }
