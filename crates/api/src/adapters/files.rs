//! Where uploaded files live: a local folder by default, any S3-compatible store by
//! configuration, both through `object_store`. Files stream in and out in chunks; no
//! whole file is ever held in memory (at most one upload part, 5 MiB).

use std::sync::Arc;

use futures_util::stream::BoxStream;
use futures_util::{StreamExt, TryStreamExt};
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};
use secrecy::ExposeSecret;

use crate::config::{FileStoreKind, Settings};

/// The smallest part S3 accepts (but the last); what an upload holds in memory at most.
const PART_BYTES: usize = 5 * 1024 * 1024;

#[derive(Clone)]
pub struct FileStore {
    store: Arc<dyn ObjectStore>,
}

impl std::fmt::Debug for FileStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FileStore({})", self.store)
    }
}

impl FileStore {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Self> {
        let store: Arc<dyn ObjectStore> = match settings.file_store {
            FileStoreKind::Folder => {
                let dir = settings.files_dir();
                std::fs::create_dir_all(&dir)?;
                Arc::new(LocalFileSystem::new_with_prefix(dir)?)
            }
            FileStoreKind::S3 => {
                let bucket = settings
                    .s3_bucket
                    .as_deref()
                    .ok_or_else(|| anyhow::anyhow!("LOKET_FILE_STORE=s3 needs LOKET_S3_BUCKET"))?;
                let mut builder = AmazonS3Builder::new()
                    .with_bucket_name(bucket)
                    .with_region(&settings.s3_region)
                    .with_allow_http(settings.s3_allow_http);
                if let Some(endpoint) = &settings.s3_endpoint {
                    builder = builder.with_endpoint(endpoint);
                }
                if let Some(key) = &settings.s3_access_key_id {
                    builder = builder.with_access_key_id(key);
                }
                if let Some(secret) = &settings.s3_secret_access_key {
                    builder = builder.with_secret_access_key(secret.expose_secret());
                }
                Arc::new(builder.build()?)
            }
        };
        Ok(Self { store })
    }

    /// Starts writing the object `key`.
    pub async fn writer(&self, key: &str) -> object_store::Result<Upload> {
        let upload = self.store.put_multipart(&Path::from(key)).await?;
        Ok(Upload { inner: WriteMultipart::new_with_chunk_size(upload, PART_BYTES) })
    }

    /// The bytes of `key`, as a stream of chunks.
    pub async fn read(
        &self,
        key: &str,
    ) -> object_store::Result<BoxStream<'static, std::io::Result<actix_web::web::Bytes>>> {
        let found = self.store.get(&Path::from(key)).await?;
        Ok(found.into_stream().map_err(std::io::Error::other).boxed())
    }

    /// Removes `key`; a missing object is not an error.
    pub async fn delete(&self, key: &str) -> object_store::Result<()> {
        match self.store.delete(&Path::from(key)).await {
            Err(object_store::Error::NotFound { .. }) => Ok(()),
            other => other,
        }
    }
}

/// An object being written. Finish it, or abort it (nothing stays behind).
pub struct Upload {
    inner: WriteMultipart,
}

impl Upload {
    /// Adds bytes; waits while two parts are still on their way to the store.
    pub async fn write(&mut self, bytes: &[u8]) -> object_store::Result<()> {
        self.inner.wait_for_capacity(2).await?;
        self.inner.write(bytes);
        Ok(())
    }

    pub async fn finish(self) -> object_store::Result<()> {
        self.inner.finish().await.map(|_| ())
    }

    pub async fn abort(self) {
        if let Err(error) = self.inner.abort().await {
            tracing::warn!(%error, "an aborted upload left parts behind");
        }
    }
}
