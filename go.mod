module github.com/supplysim/supplysim

go 1.26.0

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/fschuetz04/simgo v0.7.0
	golang.org/x/sync v0.25.0
)
