package fixture

type Ledger struct{ accounts []*Account }

func (l *Ledger) first() *Account { return l.accounts[0] }

func (l *Ledger) Total() int64 { return balance(l.accounts[0]) }
