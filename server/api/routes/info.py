"""``GET /api/v1/info``: who this is and which protocol versions it speaks. No credential
and no protocol header, so that any client version can learn it must update."""

from fastapi import APIRouter

from contract.protocol import ServerInfo
from server.core.models import utc_now

router = APIRouter(tags=["info"])


@router.get("/info", response_model=ServerInfo)
def server_info() -> ServerInfo:
    return ServerInfo(time=utc_now())
