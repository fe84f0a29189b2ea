// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IWithdrawalQueue} from "../../../src/shared/interfaces/IWithdrawalQueue.sol";
import {ITrETH} from "../../../src/shared/interfaces/ITrETH.sol";

/// @dev Stand-in for the real queue: FIFO requests, finalization at min(request rate, report rate),
///      owners tracked in a mapping instead of NFTs, no amount limits or pause.
contract WithdrawalQueueHarness is IWithdrawalQueue {
    ITrETH public immutable pool;
    Request[] private _requests;
    mapping(uint256 requestId => address owner) public ownerOf;
    uint256 public lastFinalizedRequestId;
    uint256 public unfinalizedShares;
    uint256 public lockedEther;

    constructor(ITrETH pool_) {
        pool = pool_;
        _requests.push(); // ids start at 1
    }

    function requestWithdrawal(uint256 shares, address owner) external returns (uint256 requestId) {
        if (owner == address(0)) revert WithdrawalQueue_ZeroOwner();
        pool.transferFrom(msg.sender, address(this), shares);
        uint256 rate = pool.getRate();
        requestId = _requests.length;
        _requests.push(Request(uint128(shares), uint128(rate), 0, uint64(block.timestamp), false));
        ownerOf[requestId] = owner;
        unfinalizedShares += shares;
        emit WithdrawalRequested(requestId, msg.sender, owner, shares, rate);
    }

    function claim(uint256 requestId) public {
        Request storage r = _requests[requestId];
        if (msg.sender != ownerOf[requestId]) revert WithdrawalQueue_NotOwnerOrApproved(requestId, msg.sender);
        if (requestId > lastFinalizedRequestId) revert WithdrawalQueue_NotFinalized(requestId);
        if (r.claimed) revert WithdrawalQueue_AlreadyClaimed(requestId);
        r.claimed = true;
        lockedEther -= r.ethFinalized;
        emit WithdrawalClaimed(requestId, msg.sender, msg.sender, r.ethFinalized);
        (bool ok,) = msg.sender.call{value: r.ethFinalized}("");
        if (!ok) revert WithdrawalQueue_EthTransferFailed(msg.sender, r.ethFinalized);
    }

    function claimBatch(uint256[] calldata requestIds) external {
        for (uint256 i; i < requestIds.length; ++i) {
            claim(requestIds[i]);
        }
    }

    function prefinalize(uint256 upToRequestId, uint256 rate) public view returns (uint256 eth, uint256 shares) {
        if (upToRequestId <= lastFinalizedRequestId || upToRequestId >= _requests.length) {
            revert WithdrawalQueue_InvalidFinalizationRange(upToRequestId, _requests.length - 1);
        }
        for (uint256 id = lastFinalizedRequestId + 1; id <= upToRequestId; ++id) {
            Request memory r = _requests[id];
            eth += Math.mulDiv(r.shares, Math.min(r.rateAtRequest, rate), 1e18);
            shares += r.shares;
        }
    }

    function finalize(uint256 upToRequestId, uint256 rate) external payable {
        if (msg.sender != address(pool)) revert WithdrawalQueue_NotPool(msg.sender);
        (uint256 eth, uint256 shares) = prefinalize(upToRequestId, rate);
        if (msg.value != eth) revert WithdrawalQueue_WrongFinalizationValue(msg.value, eth);
        uint256 from = lastFinalizedRequestId + 1;
        for (uint256 id = from; id <= upToRequestId; ++id) {
            Request storage r = _requests[id];
            r.ethFinalized = uint128(Math.mulDiv(r.shares, Math.min(r.rateAtRequest, rate), 1e18));
        }
        lastFinalizedRequestId = upToRequestId;
        unfinalizedShares -= shares;
        lockedEther += eth;
        emit WithdrawalsFinalized(from, upToRequestId, eth, shares, rate);
    }

    function getRequest(uint256 requestId) external view returns (Request memory) {
        return _requests[requestId];
    }

    function lastRequestId() external view returns (uint256) {
        return _requests.length - 1;
    }
}
