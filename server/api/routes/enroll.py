"""``POST /api/v1/enroll``: a device spends a one-time code and receives its token."""

from fastapi import APIRouter, Depends, HTTPException

from contract.protocol import EnrollRequest, EnrollResponse, Problem
from server.api.deps import EngineDep, check_protocol
from server.core import accounts
from server.core.accounts import AccountError
from server.core.db import write_transaction

router = APIRouter(tags=["enroll"], dependencies=[Depends(check_protocol)])


@router.post("/enroll", response_model=EnrollResponse,
             responses={400: {"model": Problem}, 410: {"model": Problem}})
def enroll_device(body: EnrollRequest, engine: EngineDep) -> EnrollResponse:
    """400: unknown code; 410: code already used or expired. The token is shown only here."""
    try:
        with write_transaction(engine) as conn:
            device, token, committees = accounts.enroll(conn, body.code, body.device_name)
    except AccountError as error:
        raise HTTPException(status_code=error.status, detail=error.message) from None
    return EnrollResponse(device_id=device.id, token=token, region_code=device.region_code,
                          committees=committees)
