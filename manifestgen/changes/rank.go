package changes

import "slices"

// rankChanges compares a filter's id list before and after: the ids that
// entered (with their new rank), left (with their old rank), and moved. An
// id moved when its order relative to the ids kept in place changed: the
// ids listed on both sides outside one longest run they share in the same
// order. So an id inserted at the top moves nobody, and one id falling from
// the top moves only itself. Ranks are 1-based. The result does not depend
// on anything but the two lists.
func rankChanges(before, after []string) (entered, left []Ranked, moved []Move) {
	old := make(map[string]int, len(before))
	for i, id := range before {
		if _, dup := old[id]; !dup {
			old[id] = i
		}
	}
	now := make(map[string]int, len(after))
	for i, id := range after {
		if _, dup := now[id]; !dup {
			now[id] = i
		}
	}
	for i, id := range before {
		if _, ok := now[id]; !ok && old[id] == i {
			left = append(left, Ranked{ID: id, Rank: i + 1})
		}
	}
	var common []int // after positions of ids on both sides, in after order
	var seq []int    // their before positions
	for i, id := range after {
		if now[id] != i {
			continue
		}
		j, ok := old[id]
		if !ok {
			entered = append(entered, Ranked{ID: id, Rank: i + 1})
			continue
		}
		common = append(common, i)
		seq = append(seq, j)
	}
	keep := longestIncreasing(seq)
	for k, i := range common {
		if !keep[k] {
			moved = append(moved, Move{ID: after[i], From: seq[k] + 1, To: i + 1})
		}
	}
	return entered, left, moved
}

// longestIncreasing marks the elements of one longest strictly increasing
// subsequence of seq (patience sorting, O(n log n)); among equally long
// ones it keeps the one ending earliest at every step, deterministically.
func longestIncreasing(seq []int) []bool {
	tails := []int{}              // tails[l]: index in seq of the smallest tail of a run of length l+1
	prev := make([]int, len(seq)) // predecessor of each element in its run, -1 for none
	for i, v := range seq {
		l, _ := slices.BinarySearchFunc(tails, v, func(t, v int) int { return seq[t] - v })
		if l > 0 {
			prev[i] = tails[l-1]
		} else {
			prev[i] = -1
		}
		if l == len(tails) {
			tails = append(tails, i)
		} else {
			tails[l] = i
		}
	}
	keep := make([]bool, len(seq))
	if len(tails) == 0 {
		return keep
	}
	for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
		keep[i] = true
	}
	return keep
}
