module github.com/supplysim/supplysim

go 1.26

require github.com/fschuetz04/simgo v0.7.0
