package tts

import (
	"container/list"
	"sync"
)

// lru is a byte-bounded least-recently-used cache of MP3s by request key.
type lru struct {
	mu    sync.Mutex
	max   int64
	size  int64
	order list.List // of *lruEntry, most recently used first
	byKey map[string]*list.Element
}

type lruEntry struct {
	key  string
	data []byte
}

func newLRU(max int64) *lru {
	return &lru{max: max, byKey: make(map[string]*list.Element)}
}

// cost counts the key as well, since texts can be as large as short MP3s.
func (e *lruEntry) cost() int64 { return int64(len(e.key) + len(e.data)) }

// get returns the data for key and marks it recently used. The slice is
// shared and must not be modified.
func (c *lru) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*lruEntry).data, true
}

// put stores data under key, evicting the least recently used entries to
// stay within the byte bound. An entry larger than the bound is not kept.
func (c *lru) put(key string, data []byte) {
	e := &lruEntry{key: key, data: data}
	if e.cost() > c.max {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.size -= el.Value.(*lruEntry).cost()
		el.Value = e
		c.order.MoveToFront(el)
	} else {
		c.byKey[key] = c.order.PushFront(e)
	}
	c.size += e.cost()
	for c.size > c.max {
		el := c.order.Back()
		old := el.Value.(*lruEntry)
		c.order.Remove(el)
		delete(c.byKey, old.key)
		c.size -= old.cost()
	}
}

// len returns the number of entries and their total cost.
func (c *lru) len() (int, int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len(), c.size
}
