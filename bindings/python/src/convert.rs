//! Python values in, Python values out: dicts and lists become the JSON values the engine takes,
//! pairs become dicts or lists of tuples.

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

/// `value` as JSON: dict (string keys, order kept), list or tuple, str, int (any size: Java reads
/// big ones as BigInteger), float (finite), bool, None.
pub fn to_json(value: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    to_json_at(value, 0)
}

/// Deeper than this is a cycle or a mistake; the engine's own limits are far below it.
const MAX_DEPTH: usize = 512;

fn to_json_at(value: &Bound<'_, PyAny>, depth: usize) -> PyResult<serde_json::Value> {
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err(format!(
            "a value nested deeper than {MAX_DEPTH} levels (a cycle?)"
        )));
    }
    if value.is_none() {
        return Ok(serde_json::Value::Null);
    }
    // bool before int: Python's bool is an int.
    if value.is_instance_of::<PyBool>() {
        return Ok(serde_json::Value::Bool(value.extract()?));
    }
    if value.is_instance_of::<PyInt>() {
        if let Ok(small) = value.extract::<i64>() {
            return Ok(small.into());
        }
        if let Ok(large) = value.extract::<u64>() {
            return Ok(large.into());
        }
        // Beyond 64 bits: the digits, kept exact (serde_json's arbitrary precision).
        let digits = value.str()?.to_string();
        let number: serde_json::Number = digits
            .parse()
            .map_err(|_| PyValueError::new_err(format!("not a JSON integer: {digits}")))?;
        return Ok(serde_json::Value::Number(number));
    }
    if value.is_instance_of::<PyFloat>() {
        let float: f64 = value.extract()?;
        return serde_json::Number::from_f64(float)
            .map(serde_json::Value::Number)
            .ok_or_else(|| PyValueError::new_err(format!("{float} has no JSON form")));
    }
    if value.is_instance_of::<PyString>() {
        return Ok(serde_json::Value::String(value.extract()?));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut object = serde_json::Map::with_capacity(dict.len());
        for (key, item) in dict.iter() {
            let key: String = key
                .extract()
                .map_err(|_| PyTypeError::new_err("dict keys must be str"))?;
            object.insert(key, to_json_at(&item, depth + 1)?);
        }
        return Ok(serde_json::Value::Object(object));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut array = Vec::new();
        for item in value.try_iter()? {
            array.push(to_json_at(&item?, depth + 1)?);
        }
        return Ok(serde_json::Value::Array(array));
    }
    Err(PyTypeError::new_err(format!(
        "cannot pass a {} to a template (dict, list, str, int, float, bool or None)",
        value.get_type().name()?
    )))
}

/// A dict's items as JSON, or an empty map for None.
pub fn json_object(
    value: Option<&Bound<'_, PyAny>>,
    what: &str,
) -> PyResult<serde_json::Map<String, serde_json::Value>> {
    match value.map(to_json).transpose()? {
        None | Some(serde_json::Value::Null) => Ok(serde_json::Map::new()),
        Some(serde_json::Value::Object(object)) => Ok(object),
        Some(_) => Err(PyTypeError::new_err(format!("{what} must be a dict"))),
    }
}

/// Name-value pairs from a dict or an iterable of 2-tuples (values that are not str are printed as
/// JSON, as the CLI reads them). Pairs keep their order and repeats.
pub fn pairs(value: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<(String, String)>> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    if value.is_none() {
        return Ok(Vec::new());
    }
    let text = |item: &Bound<'_, PyAny>| -> PyResult<String> {
        if let Ok(text) = item.extract::<String>() {
            return Ok(text);
        }
        Ok(to_json(item)?.to_string())
    };
    let mut out = Vec::new();
    if let Ok(dict) = value.cast::<PyDict>() {
        for (key, item) in dict.iter() {
            let key: String = key
                .extract()
                .map_err(|_| PyTypeError::new_err(format!("{what}: keys must be str")))?;
            out.push((key, text(&item)?));
        }
        return Ok(out);
    }
    for pair in value
        .try_iter()
        .map_err(|_| PyTypeError::new_err(format!("{what} must be a dict or a list of pairs")))?
    {
        let (key, item): (String, Bound<'_, PyAny>) = pair?
            .extract()
            .map_err(|_| PyTypeError::new_err(format!("{what}: each pair is (str, value)")))?;
        out.push((key, text(&item)?));
    }
    Ok(out)
}

/// A body given as str or bytes.
pub fn body_bytes(value: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<u8>> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    if value.is_none() {
        return Ok(Vec::new());
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(bytes.as_bytes().to_vec());
    }
    if let Ok(text) = value.extract::<String>() {
        return Ok(text.into_bytes());
    }
    Err(PyTypeError::new_err("a body is str or bytes"))
}

/// Pairs as a dict (a later repeat of a name wins, as a dict cannot hold both).
pub fn dict_of<'py>(py: Python<'py>, pairs: &[(String, String)]) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (name, value) in pairs {
        dict.set_item(name, value)?;
    }
    Ok(dict)
}

/// Pairs as a list of tuples (order and repeats kept).
pub fn list_of(py: Python<'_>, pairs: &[(String, String)]) -> PyResult<Py<PyAny>> {
    Ok(
        PyList::new(py, pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())))?
            .into_any()
            .unbind(),
    )
}
