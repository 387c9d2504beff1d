// Command check_go_circles fails when a file of a Go package uses a
// declaration of another file of the same package that uses one of its own
// back, directly or around a longer circle: the rule tests/checks/check_layers.py
// holds for the C sources (no file calls or includes one that calls or
// includes it back), for Go, where a package's files see each other whole.
//
//	go run . MODULE_DIR...
//
// Each module's packages (their non-test files) are type-checked against the
// export data `go list -export` builds, so a use is resolved exactly (a
// method to the file declaring it, a field to its struct's file), with cgo's
// C names left aside. It prints every circle with the names that make each
// step of it, and exits 1 when there is one.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

type listedPackage struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	CgoFiles   []string
	Export     string
	DepOnly    bool
}

// uses maps a file to the files it uses and, for each, the names it uses.
type uses map[string]map[string]map[string]bool

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: check_go_circles MODULE_DIR...")
		os.Exit(2)
	}
	found := 0
	for _, dir := range os.Args[1:] {
		n, err := checkModule(dir)
		if err != nil {
			fmt.Fprintf(os.Stderr, "check_go_circles: %s: %v\n", dir, err)
			os.Exit(2)
		}
		found += n
	}
	if found > 0 {
		fmt.Printf("%d circle(s) of files\n", found)
		os.Exit(1)
	}
}

func listPackages(dir string) ([]listedPackage, map[string]string, error) {
	cmd := exec.Command("go", "list", "-deps", "-export", "-json", "./...")
	cmd.Dir = dir
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, nil, fmt.Errorf("go list: %w", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	exports := map[string]string{}
	var own []listedPackage
	for {
		var p listedPackage
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return nil, nil, err
		}
		exports[p.ImportPath] = p.Export
		if !p.DepOnly {
			own = append(own, p)
		}
	}
	return own, exports, nil
}

func checkModule(dir string) (int, error) {
	pkgs, exports, err := listPackages(dir)
	if err != nil {
		return 0, err
	}
	fset := token.NewFileSet()
	imp := importer.ForCompiler(fset, "gc", func(path string) (io.ReadCloser, error) {
		if exports[path] == "" {
			return nil, fmt.Errorf("no export data for %s", path)
		}
		return os.Open(exports[path])
	})
	found := 0
	for _, p := range pkgs {
		u, err := packageUses(fset, imp, p)
		if err != nil {
			return found, err
		}
		for _, circle := range circles(u) {
			found++
			fmt.Printf("%s: circle of files: %s\n", p.ImportPath, strings.Join(circle, ", "))
			for _, a := range circle {
				for _, b := range circle {
					if names := u[a][b]; len(names) > 0 {
						fmt.Printf("    %s uses %s of %s\n", a, strings.Join(sorted(names), ", "), b)
					}
				}
			}
		}
	}
	return found, nil
}

func packageUses(fset *token.FileSet, imp types.Importer, p listedPackage) (uses, error) {
	var files []*ast.File
	for _, name := range append(append([]string{}, p.GoFiles...), p.CgoFiles...) {
		f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, 0)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	info := &types.Info{Uses: map[*ast.Ident]types.Object{}}
	var firstErr error
	conf := types.Config{Importer: imp, FakeImportC: true, Error: func(err error) {
		// cgo's C names have no types here (FakeImportC): in a cgo package,
		// what follows from them is no error of its own.
		if firstErr == nil && len(p.CgoFiles) == 0 {
			firstErr = err
		}
	}}
	pkg, _ := conf.Check(p.ImportPath, fset, files, info)
	if firstErr != nil {
		return nil, firstErr
	}
	u := uses{}
	for id, obj := range info.Uses {
		if obj == nil || obj.Pkg() != pkg || !obj.Pos().IsValid() || !declaredAtTop(pkg, obj) {
			continue
		}
		from := filepath.Base(fset.Position(id.Pos()).Filename)
		to := filepath.Base(fset.Position(obj.Pos()).Filename)
		if from == to {
			continue
		}
		if u[from] == nil {
			u[from] = map[string]map[string]bool{}
		}
		if u[from][to] == nil {
			u[from][to] = map[string]bool{}
		}
		u[from][to][obj.Name()] = true
	}
	return u, nil
}

// declaredAtTop: a package-level name, a method or a struct field (what
// another file can use), not a local variable or parameter.
func declaredAtTop(pkg *types.Package, obj types.Object) bool {
	if obj.Parent() == pkg.Scope() {
		return true
	}
	switch o := obj.(type) {
	case *types.Func:
		return o.Type().(*types.Signature).Recv() != nil
	case *types.Var:
		return o.IsField()
	}
	return false
}

// circles: the strongly connected components of more than one file (Tarjan).
func circles(u uses) [][]string {
	index, low := map[string]int{}, map[string]int{}
	onStack := map[string]bool{}
	var stack []string
	var out [][]string
	next := 0
	var visit func(v string)
	visit = func(v string) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range sorted(keys(u[v])) {
			if _, seen := index[w]; !seen {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] != index[v] {
			return
		}
		var comp []string
		for {
			w := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			onStack[w] = false
			comp = append(comp, w)
			if w == v {
				break
			}
		}
		if len(comp) > 1 {
			out = append(out, sorted(setOf(comp)))
		}
	}
	for _, v := range sorted(keys(u)) {
		if _, seen := index[v]; !seen {
			visit(v)
		}
	}
	return out
}

func keys[V any](m map[string]V) map[string]bool {
	s := map[string]bool{}
	for k := range m {
		s[k] = true
	}
	return s
}

func setOf(list []string) map[string]bool {
	s := map[string]bool{}
	for _, v := range list {
		s[v] = true
	}
	return s
}

func sorted(s map[string]bool) []string {
	out := make([]string, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
