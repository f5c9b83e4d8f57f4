//! `Double.toString` as JDK 17 prints it (placeholder; being written).
