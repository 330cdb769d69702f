//! Control characters in any text a client sends are a 422 naming the field, on both
//! databases: PostgreSQL refuses NUL in text, and no field should carry control
//! characters into the database, a log line or an e-mail. The fields are taken from the
//! served OpenAPI document, so every new field and parameter is covered automatically.

use reqwest::{Method, StatusCode};
use serde_json::{Map, Value, json};

use crate::helpers::{Auth, Backend, TestApp, spawn_app};
use crate::on_both_databases;

on_both_databases!(control_characters_in_every_body_field_and_query_parameter_are_422);

/// The JSON paths of the string fields of a schema, following `$ref`s (bounded depth).
fn string_fields(spec: &Value, schema: &Value, prefix: &str, depth: usize, out: &mut Vec<String>) {
    if depth > 6 {
        return;
    }
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let pointer = reference.trim_start_matches('#');
        if let Some(target) = spec.pointer(pointer) {
            string_fields(spec, target, prefix, depth + 1, out);
        }
        return;
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        for variant in schema.get(key).and_then(Value::as_array).into_iter().flatten() {
            string_fields(spec, variant, prefix, depth + 1, out);
        }
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if types.contains(&"string") && schema.get("enum").is_none() && !prefix.is_empty() {
        out.push(prefix.to_owned());
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        for (name, property) in properties {
            let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
            string_fields(spec, property, &path, depth + 1, out);
        }
    }
}

/// A body that has `bad` at the dotted `path` and nothing else.
fn body_with(path: &str, bad: &str) -> Value {
    let mut value = Value::String(bad.to_owned());
    for segment in path.rsplit('.') {
        let mut object = Map::new();
        object.insert(segment.to_owned(), value);
        value = Value::Object(object);
    }
    value
}

fn concrete(path: &str) -> String {
    // Path parameters are ids (a random one is enough: bodies are checked first) or a
    // calendar date.
    let mut out = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let (name, after) = rest[start + 1..].split_once('}').unwrap_or_default();
        if name == "date" {
            out.push_str("2027-06-18");
        } else {
            out.push_str(&uuid::Uuid::new_v4().to_string());
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

async fn send(app: &TestApp, method: &str, path: &str, auth: &Auth, body: Option<Value>) -> crate::helpers::Reply {
    let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
    app.request_with(&app.client, method, path, auth, body, &[("if-match", "\"1\"")]).await
}

async fn control_characters_in_every_body_field_and_query_parameter_are_422(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = crate::fixtures::Fixture::new(&app).await.admin.auth;
    let spec = app.get("/api/openapi.json", &Auth::None).await.body;
    let mut checked_fields = 0;
    let mut checked_parameters = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let concrete_path = concrete(path);
            // The installation API answers installation keys before anything else (the
            // admin has none: 401); its bodies go through the same extractor, and the
            // installation test sends one a NUL with a key.
            let for_software =
                operation["security"].as_array().into_iter().flatten().any(|s| s.get("installation_key").is_some());
            if for_software {
                let reply = send(&app, method, &concrete_path, &admin, Some(json!({}))).await;
                assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{method} {path}: {}", reply.text);
                continue;
            }
            if let Some(schema) = operation.pointer("/requestBody/content/application~1json/schema") {
                let mut fields = Vec::new();
                string_fields(&spec, schema, "", 0, &mut fields);
                for field in fields {
                    for bad in ["a\u{0}b", "tab\tnewline\nescape\u{1b}"] {
                        let reply = send(&app, method, &concrete_path, &admin, Some(body_with(&field, bad))).await;
                        assert_eq!(
                            reply.status,
                            StatusCode::UNPROCESSABLE_ENTITY,
                            "{method} {path} field {field} with {bad:?}: {}",
                            reply.text
                        );
                        let errors = reply.body["errors"].as_array().unwrap();
                        assert!(
                            errors.iter().any(|e| e["field"] == field.as_str()),
                            "{method} {path}: the error names {field}: {}",
                            reply.text
                        );
                        checked_fields += 1;
                    }
                }
            }
            for parameter in operation["parameters"].as_array().into_iter().flatten() {
                let is_text_query = parameter["in"] == "query" && parameter["schema"]["pattern"].is_string();
                if !is_text_query {
                    continue;
                }
                let name = parameter["name"].as_str().unwrap();
                let url = format!("{concrete_path}?{name}=a%00b");
                let reply = send(&app, method, &url, &admin, None).await;
                assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{method} {url}: {}", reply.text);
                assert_eq!(reply.body["errors"][0]["field"], name, "{}", reply.text);
                assert_eq!(reply.body["errors"][0]["code"], "control_character");
                checked_parameters += 1;
            }
        }
    }
    assert!(checked_fields >= 40, "only {checked_fields} body fields checked");
    assert!(checked_parameters >= 5, "only {checked_parameters} query parameters checked");

    // The reported cases, one by one.
    let login = app.post("/api/v1/auth/login", &Auth::None, json!({"email": "a\u{0}@x.nl", "password": "x"})).await;
    assert_eq!(login.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", login.text);
    for url in ["/api/v1/organisations?q=%00", "/api/v1/users?q=a%00b"] {
        assert_eq!(app.get(url, &admin).await.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
    }
    // A login name far longer than any column, that grows when lower-cased ('İ' is one
    // character, its lower case two): a plain 401, never a 500.
    let long = format!("{}@x.nl", "İ".repeat(300));
    let reply = app.post("/api/v1/auth/login", &Auth::None, json!({"email": long, "password": "x"})).await;
    assert!(
        reply.status == StatusCode::UNAUTHORIZED || reply.status == StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text
    );
}
