package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"sync"

	"github.com/anslag/anslag/internal/app"
	"github.com/anslag/anslag/internal/grant"
	"github.com/anslag/anslag/internal/importer"
)

// Populations lists population tables and imports files from SCB.
type Populations interface {
	PopulationTables(ctx context.Context) ([]grant.PopulationTable, error)
	InspectSCB(ctx context.Context, name string, r io.Reader) (importer.SCBInfo, error)
	ImportSCB(ctx context.Context, in app.SCBImport, r io.Reader) ([]grant.PopulationTable, error)
}

// maxUpload caps an uploaded file, as the API does.
const maxUpload = 200 << 20

// importJob is one upload: the file kept in a temporary file between the
// upload and the confirmation, then imported in a goroutine whose progress
// the page polls.
type importJob struct {
	mu      sync.Mutex
	owner   string // the administrator who uploaded it
	path    string // the temporary file
	name    string // the file's own name
	info    importer.SCBInfo
	started bool
	done    bool
	read    int64
	size    int64
	tables  []grant.PopulationTable
	err     error
}

// importJobs are the uploads of this server process, by random token.
type importJobs struct {
	mu   sync.Mutex
	jobs map[string]*importJob
}

func (j *importJobs) add(job *importJob) string {
	b := make([]byte, 16)
	rand.Read(b)
	token := hex.EncodeToString(b)
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.jobs == nil {
		j.jobs = map[string]*importJob{}
	}
	j.jobs[token] = job
	return token
}

// get finds a job of the actor's; another user's is not found.
func (j *importJobs) get(ctx context.Context, token string) (*importJob, error) {
	j.mu.Lock()
	job := j.jobs[token]
	j.mu.Unlock()
	if job == nil || job.owner != app.ActorFrom(ctx).User {
		return nil, grant.NotFound("import", "importen", token)
	}
	return job, nil
}

func (h *Handler) registerPopulation(mux Mux) {
	if h.cfg.Populations == nil {
		return
	}
	mux.Handle("GET /population-tables", http.HandlerFunc(h.populationTables))
	mux.Handle("POST /population-tables/upload", http.HandlerFunc(h.populationUpload))
	mux.Handle("POST /population-tables/import/{token}", http.HandlerFunc(h.populationImport))
	mux.Handle("GET /population-tables/import/{token}", http.HandlerFunc(h.populationImportStatus))
}

// populationPage is the list, the upload form, the choice of year after
// an upload, or an import's progress.
type populationPage struct {
	Tables []grant.PopulationTable
	Form   *form
	Token  string
	Job    *jobView
	Info   importer.SCBInfo
	File   string
}

// jobView is a job as the page shows it.
type jobView struct {
	Done    bool
	Percent int64
	Tables  []grant.PopulationTable
	Error   string
}

func (h *Handler) populationTables(w http.ResponseWriter, r *http.Request) {
	if err := app.RequireAdmin(r.Context()); err != nil {
		h.fail(w, r, err)
		return
	}
	h.populationList(w, r, http.StatusOK, emptyForm(language(r), nil))
}

func (h *Handler) populationList(w http.ResponseWriter, r *http.Request, status int, f *form) {
	list, err := h.cfg.Populations.PopulationTables(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	h.render(w, r, status, "population_tables", pick(f.Lang, "Population tables", "Befolkningstabeller"), populationPage{Tables: list, Form: f})
}

// populationUpload keeps the file and shows its years to choose from.
func (h *Handler) populationUpload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := app.RequireAdmin(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	lang := language(r)
	f := emptyForm(lang, nil)
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload+1<<20)
	file, hdr, err := r.FormFile("file")
	if err != nil {
		f.Errors["file"] = pick(lang, "Choose a file of at most 200 MB to upload.", "Välj en fil på högst 200 MB att ladda upp.")
		h.populationList(w, r, http.StatusBadRequest, f)
		return
	}
	defer file.Close()
	tmp, err := os.CreateTemp("", "anslag-import-*")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	size, err := io.Copy(tmp, file)
	tmp.Close()
	if err != nil {
		os.Remove(tmp.Name())
		h.fail(w, r, err)
		return
	}
	head, err := os.Open(tmp.Name())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	info, err := h.cfg.Populations.InspectSCB(ctx, hdr.Filename, head)
	head.Close()
	if err != nil {
		os.Remove(tmp.Name())
		f.Errors["file"] = h.message(r, err)
		h.populationList(w, r, http.StatusBadRequest, f)
		return
	}
	job := &importJob{owner: app.ActorFrom(ctx).User, path: tmp.Name(), name: hdr.Filename, info: info, size: size}
	token := h.imports.add(job)
	values := map[string][]string{"year": {info.Periods[len(info.Periods)-1].Label}}
	h.render(w, r, http.StatusOK, "population_import", pick(lang, "Choose the year", "Välj år"),
		populationPage{Form: emptyForm(lang, values), Token: token, Info: info, File: hdr.Filename})
}

// populationImport starts the import of an uploaded file in a goroutine
// and sends the browser to its progress.
func (h *Handler) populationImport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := app.RequireAdmin(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	job, err := h.imports.get(ctx, r.PathValue("token"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	f := newForm(r)
	in := app.SCBImport{Year: f.Get("year"), Name: f.Get("name"), Source: job.name, Size: job.size,
		ReferenceDate: grant.Date(f.Get("reference_date"))}
	job.mu.Lock()
	started := job.started
	job.started = true
	job.mu.Unlock()
	if !started {
		in.Progress = func(read, _ int64) {
			job.mu.Lock()
			job.read = read
			job.mu.Unlock()
		}
		// The import outlives the request; it keeps the actor, not the cancel.
		go h.runImport(context.WithoutCancel(ctx), job, in)
	}
	http.Redirect(w, r, "/population-tables/import/"+r.PathValue("token"), http.StatusSeeOther)
}

func (h *Handler) runImport(ctx context.Context, job *importJob, in app.SCBImport) {
	defer os.Remove(job.path)
	fh, err := os.Open(job.path)
	var tables []grant.PopulationTable
	if err == nil {
		tables, err = h.cfg.Populations.ImportSCB(ctx, in, fh)
		fh.Close()
	}
	job.mu.Lock()
	defer job.mu.Unlock()
	job.done, job.tables, job.err = true, tables, err
}

// populationImportStatus shows an import's progress; htmx polls it for the
// fragment (HX-Request) every half second until it is done.
func (h *Handler) populationImportStatus(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if err := app.RequireAdmin(ctx); err != nil {
		h.fail(w, r, err)
		return
	}
	token := r.PathValue("token")
	job, err := h.imports.get(ctx, token)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	job.mu.Lock()
	v := &jobView{Done: job.done, Tables: job.tables}
	if job.size > 0 {
		v.Percent = job.read * 100 / job.size
	}
	if job.err != nil {
		v.Error = h.message(r, job.err)
	}
	job.mu.Unlock()
	lang := language(r)
	page := populationPage{Token: token, Job: v, File: job.name, Form: emptyForm(lang, nil)}
	if r.Header.Get("HX-Request") == "true" {
		h.fragment(w, r, "population_import", "import_status", view{Lang: lang, Data: page})
		return
	}
	h.render(w, r, http.StatusOK, "population_import", pick(lang, "Importing", "Import pågår"), page)
}
