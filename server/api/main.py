"""One router per resource, all under ``/api/v1``."""

from fastapi import APIRouter

from contract.protocol import API_PREFIX
from server.api.routes import blobs, device_key, enroll, info, sync

api_router = APIRouter(prefix=API_PREFIX)
api_router.include_router(info.router)
api_router.include_router(enroll.router)
api_router.include_router(sync.router)
api_router.include_router(blobs.router)
api_router.include_router(device_key.router)
