//! Java regular expressions translated onto Rust engines (placeholder; being written).
