package grant

// KoladaValue is one figure of a Kolada key figure (KPI) for an
// organisation, a year and a gender. Key figures are statistics, not
// money, so the value is a float; nil is a value Kolada does not have
// (its Status then says why, e.g. "Missing").
type KoladaValue struct {
	KPI     string   `json:"kpi" jsonschema:"description=Kolada key figure id: a letter and five digits (N17473)"`
	OrgCode string   `json:"organisation" jsonschema:"description=anslag's code: a municipality (0780)\\, a region's county code (07)\\, or 00 for the whole country (Riket)"`
	Period  int      `json:"period" jsonschema:"description=the year the figure is for"`
	Gender  string   `json:"gender" jsonschema:"enum=T,enum=K,enum=M,description=T total\\, K women\\, M men"`
	Value   *float64 `json:"value" jsonschema:"description=the figure; null when Kolada has none"`
	Status  string   `json:"status,omitempty" jsonschema:"description=Kolada's status of the figure\\, e.g. Missing"`
}

// KoladaNational is the code Kolada values of the whole country (Kolada's
// "0000", Riket) are stored under: SCB's code for Riket.
const KoladaNational = "00"

// KoladaImport records one import of Kolada values.
type KoladaImport struct {
	ID            int64    `json:"id"`
	Files         []string `json:"files" jsonschema:"description=the names of the imported files or pages"`
	ImportedAt    string   `json:"imported_at"`
	ImportedBy    string   `json:"imported_by"`
	Values        int      `json:"values" jsonschema:"description=how many values were stored (new or updated)"`
	KPIs          int      `json:"kpis" jsonschema:"description=how many different key figures"`
	Organisations int      `json:"organisations"`
	Periods       int      `json:"periods"`
	Pages         int      `json:"pages" jsonschema:"description=how many pages of Kolada's answer were read"`
	// Incomplete: every page read names a next page, so the answer's
	// last page was not among them.
	Incomplete bool `json:"incomplete,omitempty" jsonschema:"description=true when every page read names a next page: the last page of Kolada's answer is missing"`
}
