module fanout/benches/go

go 1.19
