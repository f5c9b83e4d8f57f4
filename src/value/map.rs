//! `LinkedHashMap<Object, Object>`: insertion-ordered, keyed by Java's `equals`/`hashCode`.

use std::hash::{Hash, Hasher};

use indexmap::IndexMap;

use super::Value;

/// A map key: any value, compared with Java's `equals` (so `1` and `1L` are different keys, as in
/// Java, and two strings with the same characters are the same key).
#[derive(Clone, Debug)]
pub struct MapKey(pub Value);

impl PartialEq for MapKey {
    fn eq(&self, other: &Self) -> bool {
        self.0.java_equals(&other.0)
    }
}

impl Eq for MapKey {}

impl Hash for MapKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match &self.0 {
            Value::Null => 0u8.hash(state),
            Value::Bool(b) => b.hash(state),
            Value::Number(n) => n.hash_bits().hash(state),
            Value::String(s) => s.hash(state),
            // Collections as keys are rare; their printed form is consistent with `equals`.
            other => other.to_java_string().hash(state),
        }
    }
}

/// A string key looked up without allocating: hashes as a [`MapKey`] holding that string does.
#[derive(Hash)]
struct StrKey<'a>(&'a str);

impl indexmap::Equivalent<MapKey> for StrKey<'_> {
    fn equivalent(&self, key: &MapKey) -> bool {
        matches!(&key.0, Value::String(s) if &**s == self.0)
    }
}

/// The entries: insertion-ordered (iteration never depends on the hasher); foldhash because
/// SipHash was a seventh of a request's time (callgrind on `cargo bench --bench invoke`).
type Entries = IndexMap<MapKey, Value, foldhash::fast::RandomState>;

/// An insertion-ordered Java map.
#[derive(Clone, Debug, Default)]
pub struct JavaMap {
    entries: Entries,
    /// Java's `modCount`: bumped when a key is added or removed and by `clear` (not when a value is
    /// replaced), for `#foreach`'s `ConcurrentModificationException`.
    mod_count: u32,
    /// Keys `put` since [`JavaMap::track_writes`], and how many of those puts repeated a key: API
    /// Gateway answers 500 when a template sets the same override twice (aws-semantics.md §4).
    writes: Option<Vec<MapKey>>,
    overwrites: u32,
    /// Prints as nothing: API Gateway's `$context` objects (printing `$context.identity` renders
    /// nothing on AWS, aws-semantics.md §8.1) while their keys, `keySet()` and `put` work.
    prints_empty: bool,
}

/// Nested maps drop with a loop, not recursion (see [`super::drop_flat`]).
impl Drop for JavaMap {
    fn drop(&mut self) {
        if self
            .entries
            .iter()
            .any(|(k, v)| k.0.is_collection() || v.is_collection())
        {
            super::drop_flat(self.take_all());
        }
    }
}

impl JavaMap {
    /// Every key and value, leaving the map empty (for [`super::drop_flat`]).
    pub(crate) fn take_all(&mut self) -> Vec<Value> {
        std::mem::take(&mut self.entries)
            .into_iter()
            .flat_map(|(key, value)| [key.0, value])
            .collect()
    }

    /// An empty map that prints as nothing (see [`JavaMap::prints_empty`]).
    pub fn printing_empty() -> Self {
        let mut map = JavaMap::default();
        map.prints_empty = true;
        map
    }

    /// Whether `toString()` gives "" for this map.
    pub fn prints_empty(&self) -> bool {
        self.prints_empty
    }

    /// An empty map with room for `capacity` entries.
    pub fn with_capacity(capacity: usize) -> Self {
        JavaMap {
            entries: Entries::with_capacity_and_hasher(capacity, Default::default()),
            mod_count: 0,
            writes: None,
            overwrites: 0,
            prints_empty: false,
        }
    }

    /// `put`: a new key goes last, an existing key keeps its place. Returns the previous value.
    pub fn insert(&mut self, key: Value, value: Value) -> Option<Value> {
        if let Some(writes) = &mut self.writes {
            let key = MapKey(key.clone());
            if writes.contains(&key) {
                self.overwrites = self.overwrites.saturating_add(1);
            } else {
                writes.push(key);
            }
        }
        let previous = self.entries.insert(MapKey(key), value);
        if previous.is_none() {
            self.mod_count = self.mod_count.wrapping_add(1);
        }
        previous
    }

    /// Starts recording which keys are `put`, to count repeated ones.
    pub fn track_writes(&mut self) {
        self.writes = Some(Vec::new());
        self.overwrites = 0;
    }

    /// How many `put`s since [`JavaMap::track_writes`] repeated a key already put.
    pub fn overwrites(&self) -> u32 {
        self.overwrites
    }

    /// Java's `modCount`.
    pub fn mod_count(&self) -> u32 {
        self.mod_count
    }

    /// `get`.
    pub fn get(&self, key: &Value) -> Option<&Value> {
        self.entries.get(&MapKey(key.clone()))
    }

    /// `get` with a string key, without building a value for it.
    pub fn get_str(&self, key: &str) -> Option<&Value> {
        self.entries.get(&StrKey(key))
    }

    /// `remove`: the remaining entries keep their order.
    pub fn remove(&mut self, key: &Value) -> Option<Value> {
        let removed = self.entries.shift_remove_full(&MapKey(key.clone()));
        removed.map(|(_, _, value)| {
            self.mod_count = self.mod_count.wrapping_add(1);
            value
        })
    }

    /// `containsKey`.
    pub fn contains_key(&self, key: &Value) -> bool {
        self.entries.contains_key(&MapKey(key.clone()))
    }

    /// The `position`-th entry in insertion order.
    pub fn entry_at(&self, position: usize) -> Option<(&Value, &Value)> {
        self.entries.get_index(position).map(|(k, v)| (&k.0, v))
    }

    /// `size`.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// `isEmpty`.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The values, to change in place (no key is added or removed: `modCount` stays).
    pub(crate) fn values_mut(&mut self) -> impl Iterator<Item = &mut Value> {
        self.entries.values_mut()
    }

    /// Entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&Value, &Value)> {
        self.entries.iter().map(|(k, v)| (&k.0, v))
    }

    /// `clear`.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.mod_count = self.mod_count.wrapping_add(1);
    }

    /// `AbstractMap.equals`: same size and every key maps to an equal value.
    pub fn java_equals(&self, other: &JavaMap) -> bool {
        self.len() == other.len()
            && self
                .entries
                .iter()
                .all(|(k, v)| other.entries.get(k).is_some_and(|w| v.java_equals(w)))
    }
}
