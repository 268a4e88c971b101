"""``POST /api/v1/device-key``: a device registers the public key that signs its offline
bundles, and learns headquarters' key, which signs the replies (``server.bundles.keys``).

Authenticated by the device's token like a push; idempotent (the same key again changes
nothing but the date). 422 if the key is not an Ed25519 public key.
"""

from fastapi import APIRouter, Depends, HTTPException

from contract.protocol import Problem
from server.api.deps import DeviceDep, EngineDep, SettingsDep, check_protocol
from server.bundles.keys import (
    DeviceKeyRequest,
    DeviceKeyResponse,
    hq_public_text,
    register_device_key,
)
from server.core.db import write_transaction

router = APIRouter(tags=["bundles"], dependencies=[Depends(check_protocol)])


@router.post("/device-key", response_model=DeviceKeyResponse,
             responses={code: {"model": Problem} for code in (401, 422, 426)})
def device_key(body: DeviceKeyRequest, device: DeviceDep, engine: EngineDep,
               settings: SettingsDep) -> DeviceKeyResponse:
    try:
        with write_transaction(engine) as conn:
            register_device_key(conn, device.id, body.public_key)
    except ValueError:
        raise HTTPException(422, "La clave de firma del equipo no es válida.") from None
    return DeviceKeyResponse(hq_key=hq_public_text(settings.data_dir))
