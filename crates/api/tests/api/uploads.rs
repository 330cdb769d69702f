//! Uploading and downloading files through the API, and sample files of each kind.

use reqwest::multipart::{Form, Part};

use crate::helpers::{Auth, Reply, TestApp};

/// A 1×1 PNG.
pub const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\0\x05\0\x01\xff\x89\x99=\x1d\0\0\0\0IEND\xaeB`\x82";

/// The start of a Windows executable.
pub const EXE: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0\xb8\0\0\0\0\0\0\0@\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";

fn with_auth(request: reqwest::RequestBuilder, auth: &Auth) -> reqwest::RequestBuilder {
    match auth {
        Auth::None => request,
        Auth::Bearer(token) => request.bearer_auth(token),
        Auth::ApiKey(key) => request.header("x-api-key", key),
    }
}

/// A downloaded body, kept as bytes.
pub struct Download {
    pub status: reqwest::StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub bytes: Vec<u8>,
}

impl Download {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }
}

impl TestApp {
    /// Uploads `bytes` as the multipart part `file` named `file_name` to `path`.
    pub async fn upload(&self, path: &str, auth: &Auth, file_name: &str, bytes: &[u8]) -> Reply {
        let part = Part::bytes(bytes.to_vec()).file_name(file_name.to_owned());
        self.upload_form(path, auth, Form::new().part("file", part)).await
    }

    pub async fn upload_form(&self, path: &str, auth: &Auth, form: Form) -> Reply {
        let request = with_auth(self.client.post(self.url(path)), auth).multipart(form);
        crate::helpers::read(request.send().await.expect("upload sent")).await
    }

    pub async fn download(&self, path: &str, auth: &Auth) -> Download {
        let response = with_auth(self.client.get(self.url(path)), auth).send().await.expect("download sent");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("download body").to_vec();
        Download { status, headers, bytes }
    }
}
