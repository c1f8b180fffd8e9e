package state

import "webtool/server/api"

// Tree is the client's view of a tree catalog: the roots, and the children
// of the nodes the user expanded, loaded lazily one level at a time.
type Tree struct {
	// Gen tags requests as Window.Gen does.
	Gen uint64

	roots  level
	nodes  map[string]*TreeNode
	loaded bool
}

// TreeNode is one node the client has seen.
type TreeNode struct {
	Rec      api.Record
	Expanded bool
	children level
}

type level struct {
	ids     []string
	total   int
	loaded  bool
	loading bool
}

// TreeRow is one line of the flattened tree as the grid shows it.
type TreeRow struct {
	ID       string
	Depth    int
	Rec      api.Record
	HasKids  bool
	Expanded bool
	Loading  bool
	// More is set on a placeholder line under a level that has more
	// children than were loaded (Rec is empty then).
	More int
}

// Reset forgets every node (a new query).
func (t *Tree) Reset() {
	t.Gen++
	t.roots = level{}
	t.nodes = nil
	t.loaded = false
}

// Loaded reports whether the roots have arrived.
func (t *Tree) Loaded() bool { return t.roots.loaded }

// NeedRoots reports whether the roots must be fetched, and marks them as
// requested.
func (t *Tree) NeedRoots() bool {
	if t.roots.loaded || t.roots.loading {
		return false
	}
	t.roots.loading = true
	return true
}

// Refresh starts a new generation and returns the parents whose children
// must be fetched again ("" for the roots), keeping what is shown.
func (t *Tree) Refresh() []string {
	t.Gen++
	out := []string{""}
	t.roots.loading = true
	var walk func(ids []string)
	walk = func(ids []string) {
		for _, id := range ids {
			n := t.nodes[id]
			if n != nil && n.Expanded && n.children.loaded {
				n.children.loading = true
				out = append(out, id)
				walk(n.children.ids)
			}
		}
	}
	walk(t.roots.ids)
	return out
}

func (t *Tree) levelOf(parent string) *level {
	if parent == "" {
		return &t.roots
	}
	if n := t.nodes[parent]; n != nil {
		return &n.children
	}
	return nil
}

// Put stores the children of parent ("" for the roots) from generation gen;
// false when gen is stale or the parent is gone.
func (t *Tree) Put(gen uint64, parent string, reply api.QueryReply) bool {
	if gen != t.Gen {
		return false
	}
	lv := t.levelOf(parent)
	if lv == nil {
		return false
	}
	if t.nodes == nil {
		t.nodes = map[string]*TreeNode{}
	}
	ids := make([]string, 0, len(reply.Rows))
	for _, r := range reply.Rows {
		if n := t.nodes[r.ID]; n != nil {
			n.Rec = r
			if r.Children == 0 {
				n.Expanded = false
			}
		} else {
			t.nodes[r.ID] = &TreeNode{Rec: r}
		}
		ids = append(ids, r.ID)
	}
	*lv = level{ids: ids, total: reply.Total, loaded: true}
	return true
}

// Fail forgets a request for parent's children.
func (t *Tree) Fail(gen uint64, parent string) {
	if lv := t.levelOf(parent); lv != nil && gen == t.Gen {
		lv.loading = false
	}
}

// Toggle expands or collapses a node. It reports whether the node's
// children must be fetched (they are then marked as requested).
func (t *Tree) Toggle(id string) (fetch bool) {
	n := t.nodes[id]
	if n == nil || n.Rec.Children == 0 {
		return false
	}
	return t.SetExpanded(id, !n.Expanded)
}

// SetExpanded opens or closes a node; it reports whether the children must
// be fetched.
func (t *Tree) SetExpanded(id string, open bool) (fetch bool) {
	n := t.nodes[id]
	if n == nil || (open && n.Rec.Children == 0) {
		return false
	}
	n.Expanded = open
	if open && !n.children.loaded && !n.children.loading {
		n.children.loading = true
		return true
	}
	return false
}

// Node returns a node the client has seen.
func (t *Tree) Node(id string) (*TreeNode, bool) {
	n, ok := t.nodes[id]
	return n, ok
}

// Parent returns the id of the node under which id is listed.
func (t *Tree) Parent(id string) (string, bool) {
	for pid, n := range t.nodes {
		for _, c := range n.children.ids {
			if c == id {
				return pid, true
			}
		}
	}
	return "", false
}

// Rows flattens the tree: each root, and under each expanded node its
// children, one level deeper.
func (t *Tree) Rows() []TreeRow {
	var out []TreeRow
	var walk func(lv *level, depth int)
	walk = func(lv *level, depth int) {
		for _, id := range lv.ids {
			n := t.nodes[id]
			if n == nil {
				continue
			}
			out = append(out, TreeRow{
				ID: id, Depth: depth, Rec: n.Rec,
				HasKids:  n.Rec.Children > 0,
				Expanded: n.Expanded,
				Loading:  n.Expanded && n.children.loading && !n.children.loaded,
			})
			if n.Expanded && n.children.loaded {
				walk(&n.children, depth+1)
			}
		}
		if lv.loaded && lv.total > len(lv.ids) {
			out = append(out, TreeRow{Depth: depth, More: lv.total - len(lv.ids)})
		}
	}
	walk(&t.roots, 0)
	return out
}
