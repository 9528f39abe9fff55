package baculasvc

import "bams/backend/internal/bacula"

// NamePattern is what a name of something the director already has may be
// (the one definition is bacula.NamePattern), for the HTTP layer's checks
// of query parameters, which must not import a tool package.
var NamePattern = bacula.NamePattern
