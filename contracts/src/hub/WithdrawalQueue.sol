// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IWithdrawalQueue} from "../shared/interfaces/IWithdrawalQueue.sol";

/// @dev The one pool call the queue needs besides ERC-20.
interface IRateSource {
    function getRate() external view returns (uint256);
}

/// @title WithdrawalQueue
/// @notice trETH -> ETH withdrawal requests as ERC-721 NFTs, finalized in FIFO order by the pool.
/// @dev Lifecycle: requestWithdrawal (trETH moves into the queue, NFT minted) -> finalize by the
///      pool (ETH arrives, the pool burns the queue's shares) -> claim (ETH to the NFT owner, NFT
///      burned, request kept with `claimed = true`). Burning on claim stops an emptied NFT from
///      being sold as if it still held ETH.
///      Gas layout (a request is the hot path): one storage word per request, the queue's counters
///      in one word, and finalization writes one checkpoint (its last id and rate) instead of a
///      value per request; claim tries the newest checkpoint, else finds its own by binary
///      search. There is no per-owner index: wallets list an owner's requests from the ERC-721
///      Transfer events (the SDK's `withdrawalRequestIdsOf`); a per-owner list cost 24-44k gas per
///      request, ERC721Enumerable's global index ~49k.
///      An owner's first request still writes three fresh slots (request word, ERC-721 owner,
///      ERC-721 balance: 66.3k of its 118.6k gas as a transaction). Going under 100k would take
///      one fewer: packing the owner into the request word (Solady-style) leaves 96 bits for
///      shares, rate and time, too few for them at full precision.
contract WithdrawalQueue is IWithdrawalQueue, ERC721, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice May pause and resume new requests.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @inheritdoc IWithdrawalQueue
    /// @dev 0.001 ETH: each request costs the pool ~2.7k gas to finalize; dust must not clog the queue.
    uint256 public constant MIN_WITHDRAWAL = 0.001 ether;
    /// @inheritdoc IWithdrawalQueue
    /// @dev 1,000 ETH (Lido's cap): bounds how much one request can hold up; whales split.
    uint256 public constant MAX_WITHDRAWAL = 1_000 ether;

    uint256 private constant RATE_UNIT = 1e18;

    /// @dev One word. uint80 holds rates up to 1.2e6 ETH per share; uint40 seconds last 34,000 years.
    struct StoredRequest {
        uint128 shares;
        uint80 rateAtRequest;
        uint40 requestedAt;
        bool claimed;
    }

    /// @dev One word, so a request reads and writes its counters with one SLOAD and one SSTORE.
    ///      uint40 ids allow 1.1e12 requests; uint128 shares exceed any trETH supply.
    struct Counters {
        uint40 lastRequestId;
        uint40 lastFinalizedRequestId;
        uint128 unfinalizedShares;
        uint40 checkpointCount;
        bool requestsPaused;
    }

    /// @dev Finalization number k covers ids (checkpoint k-1's upToRequestId, upToRequestId] at `rate`.
    struct Checkpoint {
        uint40 upToRequestId;
        uint128 rate;
    }

    /// @inheritdoc IWithdrawalQueue
    address public immutable POOL;

    mapping(uint256 requestId => StoredRequest) private _requests;
    mapping(uint256 index => Checkpoint) private _checkpoints;
    Counters private _counters;

    /// @inheritdoc IWithdrawalQueue
    uint256 public lockedEther;

    modifier onlyPool() {
        if (msg.sender != POOL) revert WithdrawalQueue_NotPool(msg.sender);
        _;
    }

    /// @param pool The trETH pool (ERC-20 with `getRate()`), sole caller of {finalize}.
    /// @param admin Holds DEFAULT_ADMIN_ROLE (grants PAUSER_ROLE; holds no pause power itself).
    constructor(address pool, address admin) ERC721("Tributary Withdrawal Request", "trETH-WR") {
        if (pool == address(0) || admin == address(0)) revert WithdrawalQueue_ZeroAddress();
        POOL = pool;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ requests

    /// @inheritdoc IWithdrawalQueue
    function requestWithdrawal(uint256 shares, address owner) external returns (uint256 requestId) {
        return _request(shares, owner);
    }

    /// @notice {requestWithdrawal} with an ERC-2612 permit for `shares` trETH to this queue.
    /// @dev A failed permit is ignored when the allowance already covers `shares`, so a permit
    ///      front-run from the mempool cannot grief the request.
    function requestWithdrawalWithPermit(
        uint256 shares,
        address owner,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 requestId) {
        try IERC20Permit(POOL).permit(msg.sender, address(this), shares, deadline, v, r, s) {} catch {}
        return _request(shares, owner);
    }

    function _request(uint256 shares, address owner) private returns (uint256 requestId) {
        Counters storage counters = _counters;
        if (counters.requestsPaused) revert WithdrawalQueue_RequestsPaused();
        if (owner == address(0)) revert WithdrawalQueue_ZeroOwner();
        uint256 rate = IRateSource(POOL).getRate();
        uint256 eth = shares * rate / RATE_UNIT;
        if (eth < MIN_WITHDRAWAL) revert WithdrawalQueue_AmountTooSmall(eth, MIN_WITHDRAWAL);
        if (eth > MAX_WITHDRAWAL) revert WithdrawalQueue_AmountTooLarge(eth, MAX_WITHDRAWAL);

        requestId = uint256(counters.lastRequestId) + 1;
        uint128 shares128 = SafeCast.toUint128(shares);
        counters.lastRequestId = SafeCast.toUint40(requestId);
        counters.unfinalizedShares += shares128;
        _requests[requestId] = StoredRequest({
            shares: shares128,
            rateAtRequest: SafeCast.toUint80(rate),
            requestedAt: uint40(block.timestamp),
            claimed: false
        });

        IERC20(POOL).safeTransferFrom(msg.sender, address(this), shares);
        _mint(owner, requestId);
        emit WithdrawalRequested(requestId, msg.sender, owner, shares, rate);
    }

    // ------------------------------------------------------------------ finalization

    /// @inheritdoc IWithdrawalQueue
    /// @dev Each request pays shares * min(rateAtRequest, rate) / 1e18, rounded down.
    ///      Reverts unless lastFinalizedRequestId < upToRequestId <= lastRequestId.
    function prefinalize(uint256 upToRequestId, uint256 rate)
        public
        view
        returns (uint256 ethToLock, uint256 sharesToBurn)
    {
        (ethToLock, sharesToBurn,) = _sumRange(_counters, upToRequestId, rate);
    }

    /// @inheritdoc IWithdrawalQueue
    /// @dev Writes one checkpoint; each request's ETH is worked out from it when claimed or viewed.
    function finalize(uint256 upToRequestId, uint256 rate) external payable onlyPool {
        Counters memory counters = _counters;
        (uint256 ethToLock, uint256 sharesToBurn, uint256 from) = _sumRange(counters, upToRequestId, rate);
        if (msg.value != ethToLock) revert WithdrawalQueue_WrongFinalizationValue(msg.value, ethToLock);

        // upToRequestId <= lastRequestId (a uint40) and sharesToBurn <= unfinalizedShares (_sumRange).
        // forge-lint: disable-next-line(unsafe-typecast)
        uint40 upTo = uint40(upToRequestId);
        _checkpoints[counters.checkpointCount] = Checkpoint({upToRequestId: upTo, rate: SafeCast.toUint128(rate)});
        counters.checkpointCount += 1;
        counters.lastFinalizedRequestId = upTo;
        // forge-lint: disable-next-line(unsafe-typecast)
        counters.unfinalizedShares -= uint128(sharesToBurn);
        _counters = counters;
        lockedEther += ethToLock;
        emit WithdrawalsFinalized(from, upToRequestId, ethToLock, sharesToBurn, rate);
    }

    function _sumRange(Counters memory counters, uint256 upToRequestId, uint256 rate)
        private
        view
        returns (uint256 ethToLock, uint256 sharesToBurn, uint256 from)
    {
        if (upToRequestId <= counters.lastFinalizedRequestId || upToRequestId > counters.lastRequestId) {
            revert WithdrawalQueue_InvalidFinalizationRange(upToRequestId, counters.lastRequestId);
        }
        if (rate == 0) revert WithdrawalQueue_ZeroRate();
        from = uint256(counters.lastFinalizedRequestId) + 1;
        for (uint256 id = from; id <= upToRequestId; ++id) {
            StoredRequest storage req = _requests[id];
            uint256 shares = req.shares;
            ethToLock += _payout(shares, req.rateAtRequest, rate);
            sharesToBurn += shares;
        }
    }

    /// @dev The lower rate wins: a loss since the request is shared, a gain is not paid twice
    ///      (the request stopped earning when it left the pool's share supply).
    function _payout(uint256 shares, uint256 rateAtRequest, uint256 rate) private pure returns (uint256) {
        return shares * (rate < rateAtRequest ? rate : rateAtRequest) / RATE_UNIT;
    }

    /// @dev Rate of the checkpoint that finalized `requestId` (which must be finalized): the first
    ///      checkpoint whose upToRequestId >= requestId. Most claims follow their own finalization,
    ///      so the newest checkpoint is tried first (one read); otherwise a binary search over the
    ///      rest (log2 of the checkpoint count reads, ~10 after two years of daily reports).
    function _finalizationRate(uint256 requestId, uint256 checkpointCount) private view returns (uint256) {
        uint256 high = checkpointCount - 1; // the newest covers every finalized id
        if (high == 0 || _checkpoints[high - 1].upToRequestId < requestId) return _checkpoints[high].rate;
        high -= 1;
        uint256 low;
        while (low < high) {
            uint256 mid = (low + high) / 2;
            if (_checkpoints[mid].upToRequestId < requestId) low = mid + 1;
            else high = mid;
        }
        return _checkpoints[low].rate;
    }

    // ------------------------------------------------------------------ claims

    /// @inheritdoc IWithdrawalQueue
    function claim(uint256 requestId) external nonReentrant {
        _claim(requestId);
    }

    /// @inheritdoc IWithdrawalQueue
    function claimBatch(uint256[] calldata requestIds) external nonReentrant {
        for (uint256 i; i < requestIds.length; ++i) {
            _claim(requestIds[i]);
        }
    }

    function _claim(uint256 requestId) private {
        Counters memory counters = _counters;
        if (requestId == 0 || requestId > counters.lastFinalizedRequestId) revert WithdrawalQueue_NotFinalized(requestId);
        StoredRequest storage req = _requests[requestId];
        if (req.claimed) revert WithdrawalQueue_AlreadyClaimed(requestId);
        address owner = _ownerOf(requestId);
        if (!_isAuthorized(owner, msg.sender, requestId)) {
            revert WithdrawalQueue_NotOwnerOrApproved(requestId, msg.sender);
        }

        uint256 eth =
            _payout(req.shares, req.rateAtRequest, _finalizationRate(requestId, counters.checkpointCount));
        req.claimed = true;
        lockedEther -= eth;
        _burn(requestId);

        (bool ok,) = owner.call{value: eth}("");
        if (!ok) revert WithdrawalQueue_EthTransferFailed(owner, eth);
        emit WithdrawalClaimed(requestId, owner, owner, eth);
    }

    // ------------------------------------------------------------------ pause

    /// @notice Stops new requests; claims and finalization continue. PAUSER_ROLE only.
    function pauseRequests() external onlyRole(PAUSER_ROLE) {
        if (_counters.requestsPaused) revert WithdrawalQueue_RequestsPaused();
        _counters.requestsPaused = true;
        emit RequestsPaused(msg.sender);
    }

    /// @notice Lets new requests in again. Admin only (the timelock): a pauser cannot undo a pause.
    function resumeRequests() external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (!_counters.requestsPaused) revert WithdrawalQueue_RequestsNotPaused();
        _counters.requestsPaused = false;
        emit RequestsResumed(msg.sender);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IWithdrawalQueue
    function getRequest(uint256 requestId) external view returns (Request memory request) {
        StoredRequest memory stored = _requests[requestId];
        Counters memory counters = _counters;
        request.shares = stored.shares;
        request.rateAtRequest = stored.rateAtRequest;
        request.requestedAt = stored.requestedAt;
        request.claimed = stored.claimed;
        request.finalized = requestId != 0 && requestId <= counters.lastFinalizedRequestId;
        if (request.finalized) {
            // At most shares * rateAtRequest / 1e18, which request() bounded by MAX_WITHDRAWAL.
            // forge-lint: disable-next-line(unsafe-typecast)
            request.ethFinalized = uint128(
                _payout(stored.shares, stored.rateAtRequest, _finalizationRate(requestId, counters.checkpointCount))
            );
        }
    }

    /// @inheritdoc IWithdrawalQueue
    function claimableEther(uint256 requestId) external view returns (uint256) {
        Counters memory counters = _counters;
        if (requestId == 0 || requestId > counters.lastFinalizedRequestId) return 0;
        StoredRequest memory stored = _requests[requestId];
        if (stored.claimed) return 0;
        return _payout(stored.shares, stored.rateAtRequest, _finalizationRate(requestId, counters.checkpointCount));
    }

    /// @inheritdoc IWithdrawalQueue
    function lastRequestId() external view returns (uint256) {
        return _counters.lastRequestId;
    }

    /// @inheritdoc IWithdrawalQueue
    function lastFinalizedRequestId() external view returns (uint256) {
        return _counters.lastFinalizedRequestId;
    }

    /// @inheritdoc IWithdrawalQueue
    function unfinalizedShares() external view returns (uint256) {
        return _counters.unfinalizedShares;
    }

    /// @inheritdoc IWithdrawalQueue
    function requestsPaused() external view returns (bool) {
        return _counters.requestsPaused;
    }

    function supportsInterface(bytes4 interfaceId) public view override(ERC721, AccessControl) returns (bool) {
        return super.supportsInterface(interfaceId);
    }
}
