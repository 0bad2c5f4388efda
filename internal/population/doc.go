// Package population holds a population table — inhabitants per region or
// municipality, optionally split by age and sex — and reads it from CSV.
// A [Table] answers "how many people in this organisation match this
// [Filter]", which is the weight of the population distribution key.
//
// # CSV format
//
// The same text is in FORMAT.md beside this file; keep the two in step.
//
//   - Encoding UTF-8, with or without a byte order mark. Line endings LF or CRLF.
//   - The delimiter is a comma or a semicolon, detected from the header line:
//     whichever of the two occurs in it. A header with both is an error, and so
//     is a header with neither that still seems to have several columns (it
//     contains spaces or tabs). Fields may be quoted as usual in CSV.
//   - Lines that start with # (before or after the header) are comments, used
//     for example to label synthetic data. Blank lines are ignored.
//   - A header row is required. Column names are case-insensitive and
//     surrounding spaces are trimmed: code (or kod), population (or
//     befolkning, folkmängd, antal), optionally age (or ålder) and optionally
//     sex (or kön). Columns may come in any order. An unknown, empty or
//     repeated column name is an error, so that typos are caught.
//   - Every row has as many fields as the header. Surrounding spaces in
//     values are trimmed.
//   - code: a region (2 digits, the county code, "07") or municipality
//     (4 digits, "0780") known to refdata. "0780 Växjö" is not accepted.
//   - population: a whole number 0 to 100 000 000, digits only: no sign,
//     decimals or thousands separators.
//   - age: a whole number 0 to [MaxAge], or an open group "N+" (also written
//     "N-") meaning N years and older. An open group is stored as age N; an age
//     band that includes N includes the whole group. Within one code and sex,
//     no row may have an age above an open group (that would count people
//     twice).
//   - sex: 1, män, man, men, male or m for men; 2, kvinnor, kvinna, women,
//     female, k or f for women; case-insensitive.
//   - If the age column is present every row must have an age, and likewise
//     for sex. The same (code, age, sex) twice is an error.
//   - A file needs at least one data row. Combinations of code, age and sex
//     that have no row count as zero people.
//
// # Errors
//
// [ReadCSV] stops at the first error in file order and returns it as an
// [*Error] with the physical line number, the column and the value at fault;
// it never returns a partly read table. [Table.Count] reports a code the table
// cannot answer for as a [*MissingError]. Both have a Swedish method for
// messages shown to Swedish users.
package population
