#!/usr/bin/env node
// The `homefeed` command: a committed entry point so npm can link it before the first build.
import "../dist/main.js";
