module example.com/go_circles_fixture

go 1.23
