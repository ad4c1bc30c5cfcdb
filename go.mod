module github.com/supplysim/supplysim

go 1.26

require github.com/fschuetz04/simgo v0.7.0

require github.com/BurntSushi/toml v1.6.0 // indirect
