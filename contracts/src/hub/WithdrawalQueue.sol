// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
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
///      burned, request kept readable as claimed). Burning on claim stops an emptied NFT from
///      being sold as if it still held ETH.
///
///      Gas: a request is the hot path, with a bar of 100k per transaction. A fresh slot costs 22.1k,
///      so an owner's first request may write only two: its request word, which also holds the
///      ERC-721 owner (the queue is its own minimal ERC-721), and the owner's ERC-721 balance,
///      which balanceOf must answer on chain. Measured as transactions (snapshots/
///      WithdrawalQueue.json): 98.6k with an OZ ERC-20, 99.8k with trETH and an exact approval
///      (the SDK's and the app's flow), 101.3k with an unlimited approval and 104.6k with an
///      allowance left, the excess being trETH's own allowance and balance costs. The deploy gives
///      the queue trETH no request owns, so finalization never empties its balance slot (+17k).
///      Request word: owner (bits 0-159) | shares in 1e9-wei units (160-207) | rate at request in
///      1e-9 steps (208-255); 48 bits hold 2.8e14 of each. The request time is the
///      WithdrawalRequested event's block. A cleared owner on a known id means claimed.
///      Rounding favours the pool: the queue takes whole share units (the remainder stays with
///      the caller) and rounds the rate down, so a 1,000 ETH request at rate 1.0 loses under
///      1e12 wei against the exact rate. Payout is shares * min(rateAtRequest, rate) / 1e18.
///      Finalization writes one checkpoint (last id, rate); a claim tries the newest, else binary
///      searches. Wallets list an owner's requests from Transfer events (the SDK's
///      `withdrawalRequestIdsOf`), not a per-owner index (24-44k gas per request).
contract WithdrawalQueue is IWithdrawalQueue, IERC721Metadata, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice May pause and resume new requests.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    /// @inheritdoc IWithdrawalQueue
    /// @dev 0.001 ETH: each request costs the pool ~2.7k gas to finalize; dust must not clog the queue.
    uint256 public constant MIN_WITHDRAWAL = 0.001 ether;
    /// @inheritdoc IWithdrawalQueue
    /// @dev 1,000 ETH (Lido's cap): bounds how much one request can hold up; whales split.
    uint256 public constant MAX_WITHDRAWAL = 1_000 ether;

    /// @inheritdoc IWithdrawalQueue
    uint256 public constant SHARE_UNIT = 1e9;
    /// @inheritdoc IWithdrawalQueue
    uint256 public constant RATE_STEP = 1e9;

    uint256 private constant RATE_UNIT = 1e18;
    uint256 private constant OWNER_MASK = type(uint160).max;
    uint256 private constant SHARES_SHIFT = 160;
    uint256 private constant RATE_SHIFT = 208;

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

    /// @dev The packed request word (see the contract notes); doubles as ERC-721 ownership.
    mapping(uint256 requestId => uint256 word) private _requests;
    mapping(uint256 index => Checkpoint) private _checkpoints;
    Counters private _counters;

    /// @inheritdoc IWithdrawalQueue
    uint256 public lockedEther;

    mapping(address owner => uint256 count) private _balances;
    mapping(uint256 requestId => address approved) private _approvals;
    mapping(address owner => mapping(address operator => bool approved)) private _operators;

    modifier onlyPool() {
        if (msg.sender != POOL) revert WithdrawalQueue_NotPool(msg.sender);
        _;
    }

    /// @param pool The trETH pool (ERC-20 with `getRate()`), sole caller of {finalize}.
    /// @param admin Holds DEFAULT_ADMIN_ROLE (grants PAUSER_ROLE; holds no pause power itself).
    constructor(address pool, address admin) {
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
        uint256 shareUnits = shares / SHARE_UNIT;
        uint256 rateSteps = IRateSource(POOL).getRate() / RATE_STEP;
        // (units * 1e9) * (steps * 1e9) / 1e18 without rounding: the ETH the request can pay at most.
        uint256 eth = shareUnits * rateSteps;
        if (eth < MIN_WITHDRAWAL) revert WithdrawalQueue_AmountTooSmall(eth, MIN_WITHDRAWAL);
        if (eth > MAX_WITHDRAWAL) revert WithdrawalQueue_AmountTooLarge(eth, MAX_WITHDRAWAL);

        uint256 locked = shareUnits * SHARE_UNIT;
        requestId = uint256(counters.lastRequestId) + 1;
        counters.lastRequestId = SafeCast.toUint40(requestId);
        // locked < 2^48 * 1e9 < 2^128 once the word below has packed its units.
        // forge-lint: disable-next-line(unsafe-typecast)
        counters.unfinalizedShares += uint128(locked);
        _requests[requestId] = uint256(uint160(owner)) | (uint256(SafeCast.toUint48(shareUnits)) << SHARES_SHIFT)
            | (uint256(SafeCast.toUint48(rateSteps)) << RATE_SHIFT);
        // A balance is at most the number of requests (uint40): it cannot overflow.
        unchecked {
            ++_balances[owner];
        }

        IERC20(POOL).safeTransferFrom(msg.sender, address(this), locked);
        emit Transfer(address(0), owner, requestId);
        emit WithdrawalRequested(requestId, msg.sender, owner, locked, rateSteps * RATE_STEP);
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
            uint256 word = _requests[id];
            uint256 shares = _sharesOf(word);
            ethToLock += _payout(shares, _rateOf(word), rate);
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
        uint256 word = _requests[requestId];
        address owner = _ownerOf(word);
        // A finalized id always had an owner: a cleared one means the claim already burned it.
        if (owner == address(0)) revert WithdrawalQueue_AlreadyClaimed(requestId);
        if (!_isAuthorized(owner, msg.sender, requestId)) {
            revert WithdrawalQueue_NotOwnerOrApproved(requestId, msg.sender);
        }

        uint256 eth = _payout(_sharesOf(word), _rateOf(word), _finalizationRate(requestId, counters.checkpointCount));
        lockedEther -= eth;
        // Burn: the owner is cleared, shares and rate stay so the request reads as claimed.
        _requests[requestId] = word & ~OWNER_MASK;
        delete _approvals[requestId];
        unchecked {
            --_balances[owner]; // it held this request, so its balance is at least 1
        }
        emit Transfer(owner, address(0), requestId);

        (bool ok,) = owner.call{value: eth}("");
        if (!ok) revert WithdrawalQueue_EthTransferFailed(owner, eth);
        emit WithdrawalClaimed(requestId, owner, owner, eth);
    }

    // ------------------------------------------------------------------ ERC-721

    /// @inheritdoc IERC721Metadata
    function name() external pure returns (string memory) {
        return "Tributary Withdrawal Request";
    }

    /// @inheritdoc IERC721Metadata
    function symbol() external pure returns (string memory) {
        return "trETH-WR";
    }

    /// @inheritdoc IERC721Metadata
    /// @dev No off-chain metadata: getRequest is the request's data.
    function tokenURI(uint256 requestId) external view returns (string memory) {
        _requireOwner(requestId);
        return "";
    }

    /// @inheritdoc IERC721
    function balanceOf(address owner) external view returns (uint256) {
        if (owner == address(0)) revert WithdrawalQueue_ZeroOwner();
        return _balances[owner];
    }

    /// @inheritdoc IERC721
    function ownerOf(uint256 requestId) external view returns (address) {
        return _requireOwner(requestId);
    }

    /// @inheritdoc IERC721
    function getApproved(uint256 requestId) external view returns (address) {
        _requireOwner(requestId);
        return _approvals[requestId];
    }

    /// @inheritdoc IERC721
    function isApprovedForAll(address owner, address operator) external view returns (bool) {
        return _operators[owner][operator];
    }

    /// @inheritdoc IERC721
    /// @dev The owner or one of its operators may approve; an approved address may not pass it on.
    function approve(address to, uint256 requestId) external {
        address owner = _requireOwner(requestId);
        if (msg.sender != owner && !_operators[owner][msg.sender]) {
            revert WithdrawalQueue_NotOwnerOrOperator(requestId, msg.sender);
        }
        _approvals[requestId] = to;
        emit Approval(owner, to, requestId);
    }

    /// @inheritdoc IERC721
    function setApprovalForAll(address operator, bool approved) external {
        _operators[msg.sender][operator] = approved;
        emit ApprovalForAll(msg.sender, operator, approved);
    }

    /// @inheritdoc IERC721
    /// @dev A finalized request moves with its claim: the new owner is paid.
    function transferFrom(address from, address to, uint256 requestId) public {
        uint256 word = _requests[requestId];
        address owner = _ownerOf(word);
        if (owner == address(0)) revert WithdrawalQueue_NonexistentRequest(requestId);
        if (owner != from) revert WithdrawalQueue_FromNotOwner(requestId, from, owner);
        if (to == address(0)) revert WithdrawalQueue_ZeroOwner();
        if (!_isAuthorized(owner, msg.sender, requestId)) {
            revert WithdrawalQueue_NotOwnerOrApproved(requestId, msg.sender);
        }
        _requests[requestId] = (word & ~OWNER_MASK) | uint256(uint160(to));
        delete _approvals[requestId];
        // from held the request (balance >= 1); to's balance is at most the request count.
        unchecked {
            --_balances[from];
            ++_balances[to];
        }
        emit Transfer(from, to, requestId);
    }

    /// @inheritdoc IERC721
    function safeTransferFrom(address from, address to, uint256 requestId) external {
        safeTransferFrom(from, to, requestId, "");
    }

    /// @inheritdoc IERC721
    /// @dev A contract receiver must answer onERC721Received with its selector, else the whole
    ///      transfer reverts (a request sent to a contract that cannot move it would be stuck).
    function safeTransferFrom(address from, address to, uint256 requestId, bytes memory data) public {
        transferFrom(from, to, requestId);
        if (to.code.length == 0) return;
        (bool ok, bytes memory answer) =
            to.call(abi.encodeCall(IERC721Receiver.onERC721Received, (msg.sender, from, requestId, data)));
        // The answer is an ABI-encoded bytes4: its first 4 bytes.
        // forge-lint: disable-next-line(unsafe-typecast)
        if (!ok || answer.length < 32 || bytes4(answer) != IERC721Receiver.onERC721Received.selector) {
            revert WithdrawalQueue_NotERC721Receiver(to);
        }
    }

    function _ownerOf(uint256 word) private pure returns (address) {
        // The owner is the word's low 160 bits.
        // forge-lint: disable-next-line(unsafe-typecast)
        return address(uint160(word & OWNER_MASK));
    }

    /// @dev 48-bit fields times 1e9 stay far below 2^256: no overflow check needed.
    function _sharesOf(uint256 word) private pure returns (uint256) {
        unchecked {
            return (word >> SHARES_SHIFT & type(uint48).max) * SHARE_UNIT;
        }
    }

    function _rateOf(uint256 word) private pure returns (uint256) {
        unchecked {
            return (word >> RATE_SHIFT) * RATE_STEP;
        }
    }

    /// @dev The owner of a live (minted, not yet claimed) request; reverts for any other id.
    function _requireOwner(uint256 requestId) private view returns (address owner) {
        owner = _ownerOf(_requests[requestId]);
        if (owner == address(0)) revert WithdrawalQueue_NonexistentRequest(requestId);
    }

    function _isAuthorized(address owner, address spender, uint256 requestId) private view returns (bool) {
        return spender == owner || _operators[owner][spender] || _approvals[requestId] == spender;
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
        uint256 word = _requests[requestId];
        Counters memory counters = _counters;
        request.owner = _ownerOf(word);
        request.shares = uint128(_sharesOf(word));
        request.rateAtRequest = uint128(_rateOf(word));
        request.claimed = word != 0 && request.owner == address(0);
        request.finalized = requestId != 0 && requestId <= counters.lastFinalizedRequestId;
        if (request.finalized) {
            // At most shares * rateAtRequest / 1e18, which request() bounded by MAX_WITHDRAWAL.
            // forge-lint: disable-next-line(unsafe-typecast)
            request.ethFinalized = uint128(
                _payout(request.shares, request.rateAtRequest, _finalizationRate(requestId, counters.checkpointCount))
            );
        }
    }

    /// @inheritdoc IWithdrawalQueue
    function claimableEther(uint256 requestId) external view returns (uint256) {
        Counters memory counters = _counters;
        if (requestId == 0 || requestId > counters.lastFinalizedRequestId) return 0;
        uint256 word = _requests[requestId];
        if (_ownerOf(word) == address(0)) return 0; // claimed
        return _payout(_sharesOf(word), _rateOf(word), _finalizationRate(requestId, counters.checkpointCount));
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

    /// @notice ERC-165: ERC-721, its metadata extension, AccessControl and ERC-165 itself.
    function supportsInterface(bytes4 interfaceId) public view override(AccessControl, IERC165) returns (bool) {
        return interfaceId == type(IERC721).interfaceId || interfaceId == type(IERC721Metadata).interfaceId
            || super.supportsInterface(interfaceId);
    }
}
