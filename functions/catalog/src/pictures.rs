//! Pictures uploaded by staff to the media bucket (a product's, the shop's logo): a
//! presigned upload under the record's own prefix, then a check of the object's real
//! size and first bytes before it is used; anything else is deleted.

use crate::Deps;
use lambda_http::http::StatusCode;
use lambda_http::Request;
use serde_json::{json, Value};
use toko::domain::ImageType;
use toko::http::Form;
use toko::Error;

/// How long a presigned picture upload stays valid.
const UPLOAD_WINDOW: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// `{contentType, size}` of an upload to start.
pub(crate) fn upload_form(req: &Request) -> Result<(String, u64), Error> {
    let mut form = Form::parse(req)?;
    let content_type = form.required("contentType", |s| Ok(s.to_owned()));
    let size = form.value("size", |v| {
        v.as_u64().ok_or("must be a whole number of bytes")
    });
    let (Some(content_type), Some(size)) = (content_type, size) else {
        return Err(form.into_error());
    };
    form.finish()?;
    Ok((content_type, size))
}

/// `{key}` of an upload to complete.
pub(crate) fn key_form(req: &Request) -> Result<String, Error> {
    let mut form = Form::parse(req)?;
    let key = form.required("key", |s| Ok(s.to_owned()));
    let Some(key) = key else {
        return Err(form.into_error());
    };
    form.finish()?;
    Ok(key)
}

/// `{key, add?}` of a product picture to complete: `add` puts it after the others
/// (else it replaces the main one).
pub(crate) fn picture_form(req: &Request) -> Result<(String, bool), Error> {
    let mut form = Form::parse(req)?;
    let key = form.required("key", |s| Ok(s.to_owned()));
    let add = form.flag("add", false);
    let Some(key) = key else {
        return Err(form.into_error());
    };
    form.finish()?;
    Ok((key, add))
}

/// `{pictures: [url, …]}`: a product's pictures in their new order.
pub(crate) fn order_form(req: &Request) -> Result<Vec<String>, Error> {
    let mut form = Form::parse(req)?;
    let list = match form.raw("pictures") {
        Some(Value::Array(items)) if items.len() <= toko::domain::MAX_PICTURES => items
            .iter()
            .map(|v| v.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>(),
        _ => None,
    };
    let Some(list) = list else {
        form.reject("pictures", "must be a list of at most 8 picture paths");
        return Err(form.into_error());
    };
    form.finish()?;
    Ok(list)
}

/// A presigned upload under `prefix`: `{key, upload}` (415 for other types, 413 above
/// 5 MiB). The declared size is part of the key, so completion can compare it.
pub(crate) async fn start(
    deps: &Deps,
    prefix: &str,
    content_type: &str,
    size: u64,
) -> Result<Value, Error> {
    let kind = ImageType::from_content_type(content_type).ok_or_else(|| {
        Error::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
            "Pictures must be JPEG, PNG or WebP.",
        )
    })?;
    if size > ImageType::MAX_BYTES {
        return Err(Error::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "file_too_large",
            "Pictures must be at most 5 MiB.",
        ));
    }
    let key = format!("{prefix}{}-{size}.{}", ulid::Ulid::new(), kind.extension());
    let upload = deps
        .media
        .presign_put(
            &key,
            kind.content_type(),
            size,
            deps.clock.now(),
            UPLOAD_WINDOW,
        )
        .await?;
    Ok(json!({ "key": key, "upload": upload }))
}

/// Checks an uploaded picture under `prefix` and answers its public path (`/media/…`);
/// a key this function did not hand out is 404, a file that is not what was declared
/// (size, a JPEG/PNG/WebP of at most 5 MiB) is deleted and refused (422).
pub(crate) async fn complete(deps: &Deps, prefix: &str, key: &str) -> Result<String, Error> {
    // Only keys handed out for this record: no path tricks.
    let name = key.strip_prefix(prefix).unwrap_or_default();
    let well_formed = !name.is_empty()
        && name.len() <= 48
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    let declared = name
        .split_once('-')
        .and_then(|(_, rest)| rest.split('.').next())
        .and_then(|n| n.parse::<u64>().ok());
    let (true, Some(declared)) = (well_formed, declared) else {
        return Err(Error::not_found("No such upload."));
    };
    let info =
        deps.media.head(key).await?.ok_or_else(|| {
            Error::not_found("No such upload: it was not uploaded, or it expired.")
        })?;
    let kind = ImageType::sniff(&deps.media.first_bytes(key, 16).await?);
    let refused = if info.size > ImageType::MAX_BYTES {
        Some("The picture is larger than 5 MiB.")
    } else if info.size != declared {
        Some("The picture is not the size declared.")
    } else if kind.is_none() {
        Some("The file is not a JPEG, PNG or WebP picture.")
    } else {
        None
    };
    if let Some(reason) = refused {
        deps.media.delete(key).await?;
        return Err(Error::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_upload",
            format!("{reason} It was deleted."),
        ));
    }
    Ok(format!("/{key}"))
}
