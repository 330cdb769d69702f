//! Requests no route matched: 405 with `Allow` when the path exists with other methods,
//! 404 otherwise, both as problem documents. Outside the API, a GET gets the browser app
//! (or a page explaining how to build it).

use std::sync::Arc;

use actix_web::http::header;
use actix_web::http::{Method, StatusCode};
use actix_web::web::Data;
use actix_web::{HttpRequest, HttpResponse};
use loket_api_types::{ErrorCode, Problem};

use crate::error::problem_response;
use crate::routes::spa::{NOT_BUILT_PAGE, is_server_path};

/// The path templates of the API with their methods, from the OpenAPI document.
#[derive(Debug, Clone, Default)]
pub struct KnownRoutes {
    routes: Arc<Vec<(Vec<String>, Vec<String>)>>,
}

impl KnownRoutes {
    pub fn from_openapi(api: &utoipa::openapi::OpenApi) -> Self {
        let routes = api
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segments = path.split('/').map(str::to_owned).collect();
                let mut methods = Vec::new();
                for (name, present) in [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ] {
                    if present {
                        methods.push(name.to_owned());
                    }
                }
                (segments, methods)
            })
            .collect();
        Self { routes: Arc::new(routes) }
    }

    /// The methods allowed on `path`, if it matches a known template.
    pub fn allowed(&self, path: &str) -> Option<Vec<String>> {
        let segments: Vec<&str> = path.split('/').collect();
        self.routes.iter().find_map(|(template, methods)| {
            let matches = template.len() == segments.len()
                && template.iter().zip(&segments).all(|(t, s)| (t.starts_with('{') && !s.is_empty()) || t == s);
            matches.then(|| methods.clone())
        })
    }
}

pub async fn handle(req: HttpRequest, known: Data<KnownRoutes>) -> HttpResponse {
    let path = req.path();
    if let Some(methods) = known.allowed(path) {
        let problem =
            Problem::new(ErrorCode::MethodNotAllowed, StatusCode::METHOD_NOT_ALLOWED.as_u16(), "Method not allowed")
                .with_detail(format!("{} is not supported here; use {}.", req.method(), methods.join(", ")));
        let mut response = problem_response(&problem);
        if let Ok(value) = header::HeaderValue::from_str(&methods.join(", ")) {
            response.headers_mut().insert(header::ALLOW, value);
        }
        return response;
    }
    if !is_server_path(path) && (req.method() == Method::GET || req.method() == Method::HEAD) {
        return HttpResponse::Ok().content_type("text/html; charset=utf-8").body(NOT_BUILT_PAGE);
    }
    problem_response(
        &Problem::new(ErrorCode::NotFound, StatusCode::NOT_FOUND.as_u16(), "Not found")
            .with_detail(format!("There is no endpoint at {path}.")),
    )
}

/// A browser asked for a file the app's build does not have (typically a tab still
/// running an older build): 404, never the app's page in place of code.
pub fn not_found(req: &HttpRequest) -> HttpResponse {
    problem_response(
        &Problem::new(ErrorCode::NotFound, StatusCode::NOT_FOUND.as_u16(), "Not found")
            .with_detail(format!("There is no file at {}; if Loket was just updated, reload the page.", req.path())),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_match_concrete_paths() {
        let known = KnownRoutes::from_openapi(&crate::openapi::build());
        assert_eq!(known.allowed("/api/v1/organisations").unwrap(), vec!["GET", "POST"]);
        assert_eq!(known.allowed("/api/v1/users/abc").unwrap(), vec!["GET", "PATCH"]);
        assert!(known.allowed("/api/v1/users/abc/extra").is_none());
        assert!(known.allowed("/api/v1/nope").is_none());
    }
}
