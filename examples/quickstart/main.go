// Command quickstart walks one complaint through the whole library on its
// embedded defaults.
package main

import (
	"fmt"

	"github.com/aftersales-go/aftersales/sla"
)

func main() {
	fmt.Println("aftersales quickstart: levels", sla.Level1, "…", sla.Level4)
}
