module github.com/aftersales-go/aftersales

go 1.24

require (
	cel.dev/cel-go v0.33.2 // indirect
	github.com/rickar/cal/v2 v2.1.26 // indirect
	github.com/shopspring/decimal v1.6.0 // indirect
	go.yaml.in/yaml/v3 v3.0.6 // indirect
)
