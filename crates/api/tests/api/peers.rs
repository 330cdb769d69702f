//! Real protocol peers for the delivery tests, as separate processes: an SMTP server and
//! a Standard Webhooks receiver (Python, from tests/support), and `loket worker`s.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn python() -> String {
    std::env::var("LOKET_TEST_PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

fn support(script: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support")).join(script)
}

/// Waits until `path` exists (up to 20 s).
pub async fn wait_for_file(path: &Path) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !path.exists() {
        assert!(Instant::now() < deadline, "{} never appeared", path.display());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// An aiosmtpd server writing each accepted message to its folder.
pub struct SmtpSink {
    pub port: u16,
    pub dir: PathBuf,
    process: Option<Child>,
}

impl SmtpSink {
    pub async fn start(dir: &Path, port: u16, extra: &[&str]) -> Self {
        std::fs::create_dir_all(dir).unwrap();
        let _ = std::fs::remove_file(dir.join("ready"));
        let process = Command::new(python())
            .arg(support("smtp_sink.py"))
            .args(["--port", &port.to_string(), "--dir", dir.to_str().unwrap()])
            .args(extra)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python with aiosmtpd (scripts/ensure-tools.sh installs it)");
        wait_for_file(&dir.join("ready")).await;
        Self { port, dir: dir.to_owned(), process: Some(process) }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages received so far.
    pub fn messages(&self) -> Vec<String> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&self.dir)
            .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|x| x == "eml"));
        files.sort();
        files.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
    }

    /// Waits until at least `count` messages have arrived (up to `timeout`).
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<String> {
        let deadline = Instant::now() + timeout;
        loop {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            assert!(Instant::now() < deadline, "only {} of {count} messages arrived", messages.len());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn stop(&mut self) {
        if let Some(mut process) = self.process.take() {
            let _ = process.kill();
            let _ = process.wait();
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The `Message-ID` of a raw message.
pub fn message_id(raw: &str) -> String {
    raw.lines()
        .find_map(|line| line.strip_prefix("Message-ID: ").or_else(|| line.strip_prefix("Message-Id: ")))
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// A Standard Webhooks receiver that verifies signatures with the reference library.
pub struct WebhookReceiver {
    pub port: u16,
    pub secrets: PathBuf,
    pub out: PathBuf,
    process: Child,
}

#[derive(Debug, serde::Deserialize)]
pub struct Received {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    pub verified: bool,
    pub status: u16,
    pub body: String,
}

impl WebhookReceiver {
    pub async fn start(dir: &Path, fail_first: u32) -> Self {
        std::fs::create_dir_all(dir).unwrap();
        let port = free_port();
        let secrets = dir.join("secrets.txt");
        let out = dir.join("deliveries.jsonl");
        std::fs::write(&secrets, "").unwrap();
        let process = Command::new(python())
            .arg(support("webhook_receiver.py"))
            .args(["--port", &port.to_string(), "--secrets", secrets.to_str().unwrap(), "--out", out.to_str().unwrap()])
            .args(["--fail-first", &fail_first.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python with standardwebhooks (scripts/ensure-tools.sh installs it)");
        wait_for_file(&dir.join("deliveries.jsonl.ready")).await;
        Self { port, secrets, out, process }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hooks/loket", self.port)
    }

    pub fn set_secrets(&self, secrets: &[&str]) {
        std::fs::write(&self.secrets, secrets.join("\n")).unwrap();
    }

    pub fn received(&self) -> Vec<Received> {
        std::fs::read_to_string(&self.out)
            .unwrap_or_default()
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// Waits until `count` requests have come in.
    pub async fn wait_for(&self, count: usize) -> Vec<Received> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(Instant::now() < deadline, "only {} of {count} webhook requests arrived", received.len());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for WebhookReceiver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// A `loket worker` process.
pub struct WorkerProcess {
    process: Child,
}

impl WorkerProcess {
    pub fn start(env: &[(&str, String)]) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_loket"));
        command.arg("worker").env("RUST_LOG", "warn").stdout(Stdio::null()).stderr(Stdio::inherit());
        for (key, value) in env {
            command.env(key, value);
        }
        Self { process: command.spawn().expect("loket worker") }
    }

    /// SIGKILL: the process gets no chance to clean up.
    pub fn kill(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// An S3-compatible server (moto in server mode) with one empty bucket.
pub struct S3Server {
    pub port: u16,
    pub bucket: String,
    process: Child,
}

impl S3Server {
    pub async fn start(bucket: &str) -> Self {
        let port = free_port();
        let process = Command::new(python())
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python with moto[server] (scripts/ensure-tools.sh installs it)");
        let server = Self { port, bucket: bucket.to_owned(), process };
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        // moto checks no signatures: a plain PUT creates the bucket once it listens.
        loop {
            match client.put(server.bucket_url()).send().await {
                Ok(response) if response.status().is_success() => break,
                _ => {
                    assert!(Instant::now() < deadline, "moto did not start on port {port}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
        server
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn bucket_url(&self) -> String {
        format!("{}/{}", self.endpoint(), self.bucket)
    }

    /// The keys in the bucket (ListObjectsV2), and the uploads still open.
    pub async fn keys(&self) -> (Vec<String>, usize) {
        let client = reqwest::Client::new();
        let listing =
            client.get(format!("{}?list-type=2", self.bucket_url())).send().await.unwrap().text().await.unwrap();
        let keys =
            listing.split("<Key>").skip(1).filter_map(|part| part.split("</Key>").next()).map(str::to_owned).collect();
        let uploads = client.get(format!("{}?uploads", self.bucket_url())).send().await.unwrap().text().await.unwrap();
        (keys, uploads.matches("<Upload>").count())
    }

    /// The settings that point Loket at this bucket.
    pub fn settings(&self) -> Vec<(&'static str, String)> {
        vec![
            ("LOKET_FILE_STORE", "s3".to_owned()),
            ("LOKET_S3_BUCKET", self.bucket.clone()),
            ("LOKET_S3_ENDPOINT", self.endpoint()),
            ("LOKET_S3_REGION", "eu-west-1".to_owned()),
            ("LOKET_S3_ACCESS_KEY_ID", "loket-test".to_owned()),
            ("LOKET_S3_SECRET_ACCESS_KEY", "loket-test-secret".to_owned()),
            ("LOKET_S3_ALLOW_HTTP", "true".to_owned()),
        ]
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}
