package loadbench_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildAnslag builds the real binary, so that the server is measured as it
// is deployed, in a process of its own.
func buildAnslag(tb testing.TB) string {
	tb.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		tb.Skipf("no go command to build anslag: %v", err)
	}
	bin := filepath.Join(tb.TempDir(), "anslag")
	out, err := exec.Command(goBin, "build", "-o", bin, "github.com/anslag/anslag/cmd/anslag").CombinedOutput()
	if err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// serverProc is anslag serve running against the generated database.
type serverProc struct {
	cmd   *exec.Cmd
	base  string // http://127.0.0.1:port
	token string // an auditor's API token: every list is read as one
}

// auditorToken adds an auditor to the database, if not there from an
// earlier run, and makes an API token for them, with the real commands.
func auditorToken(tb testing.TB, bin, url string) string {
	tb.Helper()
	const email = "bench-revisor@example.se"
	add := exec.Command(bin, "user", "add", "--db", url, "--email", email, "--name", "Benchmark", "--role", "auditor", "--password-stdin")
	add.Env = append(os.Environ(), "ANSLAG_DATABASE_URL=")
	add.Stdin = strings.NewReader("ett lösenord som ingen använder\n")
	if out, err := add.CombinedOutput(); err != nil && !strings.Contains(string(out), "already") {
		tb.Fatalf("user add: %v\n%s", err, out)
	}
	create := exec.Command(bin, "token", "create", "--db", url, "--email", email, "--name", "benchmark")
	create.Env = add.Env
	out, err := create.Output()
	if err != nil {
		tb.Fatalf("token create: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// startServer runs anslag serve on a free loopback port and waits until it
// is ready. The process is stopped when the benchmark ends.
func startServer(tb testing.TB, bin, url string) *serverProc {
	tb.Helper()
	token := auditorToken(tb, bin, url)
	cmd := exec.Command(bin, "serve", "--db", url, "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "ANSLAG_DATABASE_URL=")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	listening := regexp.MustCompile(`msg=listening addr=(\S+)`)
	addr, warmed := make(chan string, 1), make(chan string, 1)
	go func() {
		// Until the warm-up ends every line is looked at; after it only
		// errors are, with a byte search: the server logs each request,
		// and this process's time is taken from the server's two cores.
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			if m := listening.FindStringSubmatch(line); m != nil {
				addr <- m[1]
			} else if strings.Contains(line, "msg=warm-up") {
				warmed <- line
				break
			} else if isServerError(sc.Bytes()) {
				fmt.Fprintln(os.Stderr, "anslag serve:", line)
			}
		}
		for sc.Scan() {
			if isServerError(sc.Bytes()) {
				fmt.Fprintln(os.Stderr, "anslag serve:", sc.Text())
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	var s serverProc
	select {
	case a := <-addr:
		s = serverProc{cmd: cmd, base: "http://" + a, token: token}
	case <-time.After(60 * time.Second):
		tb.Fatal("anslag serve did not start listening within 60 s")
	}
	// Measure the server as it runs, not as it starts: its warm-up (the
	// decided runs' documents) ends before the first request.
	select {
	case line := <-warmed:
		tb.Logf("anslag serve: %s", line)
	case <-time.After(5 * time.Minute):
		tb.Fatal("anslag serve did not finish its warm-up within 5 minutes")
	}
	for range 100 {
		resp, err := http.Get(s.base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return &s
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.Fatal("anslag serve is not ready")
	return nil
}

// isServerError tells whether a line of the server's log reports an error.
func isServerError(line []byte) bool {
	return bytes.Contains(line, []byte("level=ERROR")) || bytes.HasPrefix(line, []byte("anslag:"))
}

// memory reads the server's resident set now and at its peak, in MB.
func (s *serverProc) memory() (rss, peak float64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, 0, err
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		name, v, ok := strings.Cut(line, ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", line, err)
		}
		if name == "VmRSS" {
			rss = kb / 1024
		} else {
			peak = kb / 1024
		}
	}
	return rss, peak, nil
}

// cpuTimes are the processor times spent so far by this process (the load
// clients), by the server and by PostgreSQL's processes (zero on SQLite).
type cpuTimes struct{ client, server, db time.Duration }

func (s *serverProc) cpu() (cpuTimes, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return cpuTimes{}, err
	}
	t := cpuTimes{client: time.Duration(ru.Utime.Nano() + ru.Stime.Nano())}
	var err error
	if _, t.server, err = procCPU(s.cmd.Process.Pid); err != nil {
		return t, err
	}
	procs, _ := filepath.Glob("/proc/[0-9]*")
	for _, p := range procs {
		pid, _ := strconv.Atoi(filepath.Base(p))
		if name, d, err := procCPU(pid); err == nil && name == "postgres" {
			t.db += d
		}
	}
	return t, nil
}

// procCPU reads a process's name and the processor time it has spent.
func procCPU(pid int) (string, time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return "", 0, err
	}
	// The name is in parentheses; past it utime and stime are the 12th
	// and 13th fields, in clock ticks of 10 ms.
	_, rest, _ := bytes.Cut(b, []byte("("))
	name, rest, _ := bytes.Cut(rest, []byte(") "))
	f := strings.Fields(string(rest))
	if len(f) < 13 {
		return "", 0, fmt.Errorf("/proc/%d/stat: %q", pid, b)
	}
	var d time.Duration
	for _, v := range f[11:13] {
		ticks, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return "", 0, fmt.Errorf("/proc/%d/stat: %w", pid, err)
		}
		d += time.Duration(ticks) * 10 * time.Millisecond
	}
	return string(name), d, nil
}
