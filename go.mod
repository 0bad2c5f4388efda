module github.com/anslag/anslag

go 1.26.8
