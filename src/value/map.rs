//! `LinkedHashMap<Object, Object>`: insertion-ordered, keyed by Java's `equals`/`hashCode`.

use std::hash::{Hash, Hasher};

use indexmap::{Equivalent, IndexMap};

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

impl Equivalent<MapKey> for StrKey<'_> {
    fn equivalent(&self, key: &MapKey) -> bool {
        matches!(&key.0, Value::String(s) if &**s == self.0)
    }
}

/// Past this many entries a map keeps a hash index; below it, keys are compared one by one. Most
/// maps a template sees are small payload objects built on every render (a list of 200 items is 200
/// of them): building a hash table for each cost more than reading it.
const SMALL: usize = 8;

/// The entries, insertion-ordered (iteration never depends on the hasher): a plain list while
/// small, an `IndexMap` (foldhash: SipHash was a seventh of a request's time, callgrind on
/// `cargo bench --bench invoke`) once larger. Both find a key by Java's `equals`.
#[derive(Clone, Debug)]
enum Entries {
    Small(Vec<(MapKey, Value)>),
    Indexed(IndexMap<MapKey, Value, foldhash::fast::RandomState>),
}

impl Default for Entries {
    fn default() -> Self {
        Entries::Small(Vec::new())
    }
}

impl Entries {
    fn with_capacity(capacity: usize) -> Self {
        if capacity <= SMALL {
            Entries::Small(Vec::with_capacity(capacity))
        } else {
            Entries::Indexed(IndexMap::with_capacity_and_hasher(
                capacity,
                Default::default(),
            ))
        }
    }

    fn position(&self, key: &MapKey) -> Option<usize> {
        match self {
            Entries::Small(entries) => entries.iter().position(|(k, _)| k == key),
            Entries::Indexed(map) => map.get_index_of(key),
        }
    }

    fn insert(&mut self, key: MapKey, value: Value) -> Option<Value> {
        match self {
            Entries::Small(entries) => {
                if let Some((_, slot)) = entries.iter_mut().find(|(k, _)| *k == key) {
                    return Some(std::mem::replace(slot, value));
                }
                if entries.len() < SMALL {
                    entries.push((key, value));
                    return None;
                }
                let mut map =
                    IndexMap::with_capacity_and_hasher(entries.len() * 2, Default::default());
                map.extend(entries.drain(..));
                map.insert(key, value);
                *self = Entries::Indexed(map);
                None
            }
            Entries::Indexed(map) => map.insert(key, value),
        }
    }

    fn get(&self, key: &MapKey) -> Option<&Value> {
        match self {
            Entries::Small(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            Entries::Indexed(map) => map.get(key),
        }
    }

    fn get_str(&self, key: &str) -> Option<&Value> {
        match self {
            Entries::Small(entries) => entries
                .iter()
                .find(|(k, _)| StrKey(key).equivalent(k))
                .map(|(_, v)| v),
            Entries::Indexed(map) => map.get(&StrKey(key)),
        }
    }

    fn shift_remove(&mut self, key: &MapKey) -> Option<Value> {
        match self {
            Entries::Small(entries) => {
                let at = entries.iter().position(|(k, _)| k == key)?;
                Some(entries.remove(at).1)
            }
            Entries::Indexed(map) => map.shift_remove(key),
        }
    }

    fn get_index(&self, position: usize) -> Option<(&MapKey, &Value)> {
        match self {
            Entries::Small(entries) => entries.get(position).map(|(k, v)| (k, v)),
            Entries::Indexed(map) => map.get_index(position),
        }
    }

    fn len(&self) -> usize {
        match self {
            Entries::Small(entries) => entries.len(),
            Entries::Indexed(map) => map.len(),
        }
    }

    /// In order; one of the two halves is empty (no boxed iterator on this hot path).
    fn iter(&self) -> impl Iterator<Item = (&MapKey, &Value)> {
        let (small, indexed) = match self {
            Entries::Small(entries) => (Some(entries.iter()), None),
            Entries::Indexed(map) => (None, Some(map.iter())),
        };
        let small = small.into_iter().flatten().map(|(k, v)| (k, v));
        small.chain(indexed.into_iter().flatten())
    }

    fn values_mut(&mut self) -> impl Iterator<Item = &mut Value> {
        let (small, indexed) = match self {
            Entries::Small(entries) => (Some(entries.iter_mut()), None),
            Entries::Indexed(map) => (None, Some(map.values_mut())),
        };
        let small = small.into_iter().flatten().map(|(_, v)| v);
        small.chain(indexed.into_iter().flatten())
    }

    fn clear(&mut self) {
        *self = Entries::Small(Vec::new());
    }
}

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

impl JavaMap {
    /// An empty map that prints as nothing (see [`JavaMap::prints_empty`]).
    pub fn printing_empty() -> Self {
        JavaMap {
            prints_empty: true,
            ..JavaMap::default()
        }
    }

    /// Whether `toString()` gives "" for this map.
    pub fn prints_empty(&self) -> bool {
        self.prints_empty
    }

    /// An empty map with room for `capacity` entries.
    pub fn with_capacity(capacity: usize) -> Self {
        JavaMap {
            entries: Entries::with_capacity(capacity),
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
        self.entries.get_str(key)
    }

    /// `remove`: the remaining entries keep their order.
    pub fn remove(&mut self, key: &Value) -> Option<Value> {
        let removed = self.entries.shift_remove(&MapKey(key.clone()));
        if removed.is_some() {
            self.mod_count = self.mod_count.wrapping_add(1);
        }
        removed
    }

    /// `containsKey`.
    pub fn contains_key(&self, key: &Value) -> bool {
        self.entries.position(&MapKey(key.clone())).is_some()
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
        self.entries.len() == 0
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The list form and the indexed form behave as one `LinkedHashMap`, across the change.
    #[test]
    fn small_and_indexed_maps_keep_java_order_and_equality() {
        let mut map = JavaMap::default();
        for i in 0..20 {
            assert_eq!(
                map.insert(Value::string(&format!("k{i}")), Value::int(i)),
                None
            );
            // Re-putting an early key keeps its place and returns the old value.
            assert_eq!(
                map.insert(Value::string("k0"), Value::int(100 + i)),
                Some(Value::int(if i == 0 { 0 } else { 100 + i - 1 }))
            );
        }
        assert_eq!(map.len(), 20);
        assert_eq!(
            map.entry_at(0).map(|(k, _)| k.to_java_string()),
            Some("k0".into())
        );
        assert_eq!(map.get_str("k19"), Some(&Value::int(19)));
        assert_eq!(map.remove(&Value::string("k5")), Some(Value::int(5)));
        assert!(!map.contains_key(&Value::string("k5")));
        assert_eq!(
            map.entry_at(5).map(|(k, _)| k.to_java_string()),
            Some("k6".into())
        );
        // Integer 1 and Long 1 are different keys in Java, in both forms.
        let mut small = JavaMap::default();
        small.insert(Value::int(1), Value::string("int"));
        assert_eq!(
            small.get(&Value::Number(super::super::Number::Long(1))),
            None
        );
        map.insert(Value::int(1), Value::string("int"));
        assert_eq!(map.get(&Value::Number(super::super::Number::Long(1))), None);
        assert_eq!(map.get(&Value::int(1)), Some(&Value::string("int")));
        // Equality ignores the form: a small copy of the same entries equals the indexed map.
        let mut same = JavaMap::default();
        for (k, v) in map.iter() {
            same.insert(k.clone(), v.clone());
        }
        assert!(map.java_equals(&same) && same.java_equals(&map));
        let mut other = JavaMap::with_capacity(2);
        other.insert(Value::string("a"), Value::int(1));
        assert!(!other.java_equals(&map));
    }
}
