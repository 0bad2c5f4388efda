package grant

import "strconv"

// FieldIndex names an element of a list input, or a field of one:
// "parties[2]", "conditions[2].kind".
func FieldIndex(list string, i int, field string) string {
	s := list + "[" + strconv.Itoa(i) + "]"
	if field != "" {
		s += "." + field
	}
	return s
}
