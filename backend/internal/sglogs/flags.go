package sglogs

// Severity is TapeAlert's: Critical (act now), Warning, Information.
type Severity string

const (
	Critical    Severity = "critical"
	Warn        Severity = "warning"
	Information Severity = "information"
)

type flagInfo struct {
	name     string // as sg_logs prints it (sg3-utils 1.4x)
	severity Severity
}

// tapeAlert is the SSC TapeAlert table for tape drives, indexed by flag
// number, with sg_logs' names. 40-46 are obsolete (they were loader
// flags), 47-49 and 61-64 reserved.
var tapeAlert = [65]flagInfo{
	1: {"Read warning", Warn}, 2: {"Write warning", Warn}, 3: {"Hard error", Warn}, 4: {"Media", Critical},
	5: {"Read failure", Critical}, 6: {"Write failure", Critical}, 7: {"Media life", Warn}, 8: {"Not data grade", Warn},
	9: {"Write protect", Critical}, 10: {"No removal", Information}, 11: {"Cleaning media", Information},
	12: {"Unsupported format", Information}, 13: {"Recoverable mechanical cartridge failure", Critical},
	14: {"Unrecoverable mechanical cartridge failure", Critical}, 15: {"Memory chip in cartridge failure", Warn},
	16: {"Forced eject", Critical}, 17: {"Read only format", Warn}, 18: {"Tape directory corrupted on load", Warn},
	19: {"Nearing media life", Information}, 20: {"Cleaning required", Critical}, 21: {"Cleaning requested", Warn},
	22: {"Expired cleaning media", Critical}, 23: {"Invalid cleaning tape", Critical}, 24: {"Retension requested", Warn},
	25: {"Dual port interface error", Warn}, 26: {"Cooling fan failing", Warn}, 27: {"Power supply failure", Warn},
	28: {"Power consumption", Warn}, 29: {"Drive maintenance", Warn}, 30: {"Hardware A", Critical},
	31: {"Hardware B", Critical}, 32: {"Interface", Warn}, 33: {"Eject media", Critical},
	34: {"Microcode update fail", Warn}, 35: {"Drive humidity", Warn}, 36: {"Drive temperature", Warn},
	37: {"Drive voltage", Warn}, 38: {"Predictive failure", Critical}, 39: {"Diagnostics required", Warn},
	50: {"Lost statistics", Warn}, 51: {"Tape directory invalid at unload", Warn},
	52: {"Tape system area write failure", Critical}, 53: {"Tape system area read failure", Critical},
	54: {"No start of data", Critical}, 55: {"Loading failure", Critical}, 56: {"Unrecoverable unload failure", Critical},
	57: {"Automation interface failure", Critical}, 58: {"Firmware failure", Warn},
	59: {"WORM medium - integrity check failed", Warn}, 60: {"WORM medium - overwrite attempted", Warn},
}

// The TapeAlert specification's own names (what tapeinfo, library
// front panels and manuals print) for the flags people search for.
var aliases = map[string]int{
	"clean now": 20, "clean periodic": 21, "cleaning media expired": 22, "expired cleaning media": 22,
	"recoverable snapped tape": 13, "unrecoverable snapped tape": 14, "download fail": 34,
	"cooling fan failure": 26, "dual-port interface error": 25,
}

// The flags that speak about cleaning.
const (
	CleanNow             = 20
	CleanPeriodic        = 21
	ExpiredCleaningMedia = 22
	InvalidCleaningTape  = 23
)
